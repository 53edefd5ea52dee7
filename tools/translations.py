"""The catalogs of every word the site prints: extract the marked messages
from the plugin and the theme (babel.cfg), and bring each language's
catalog up to date with them. English is the source language: its catalog
starts each message as itself, so a union can reword the site in one file."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

DOMAIN = "messages"
SOURCE_LANG = "en"
COMMENT_TAG = "Translators:"
# Fixed header values and no line numbers, so updating a catalog changes
# only when its messages do.
HEADER = MappingProxyType(
    {
        "project": "campaign-site",
        "copyright_holder": "the campaign-site authors",
        "creation_date": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        "revision_date": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    }
)


def catalog_folder(root: Path) -> Path:
    return root / "theme" / "translations"


def extract(root: Path) -> Catalog:
    """Every message marked in the code, as a template catalog."""
    with (root / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    template = Catalog(domain=DOMAIN, fuzzy=False, **HEADER)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, comment_tags=(COMMENT_TAG,), strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def catalog_path(folder: Path, lang: str) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(folder: Path) -> list[str]:
    return sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(root: Path, new_languages=()) -> list[Path]:
    """Write the template and bring every catalog (and any new language's) up
    to date: new messages added, messages no longer used dropped."""
    folder = catalog_folder(root)
    template = extract(root)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, width=100, include_lineno=False)
    written = []
    for lang in sorted(set(languages(folder)) | set(new_languages) | {SOURCE_LANG}):
        path = catalog_path(folder, lang)
        if path.exists():
            with path.open("rb") as source:
                catalog = read_po(source, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, fuzzy=False, **HEADER)
        # A copy each: Babel puts the template's own message objects into the
        # catalog, and filling English in would fill every other language too.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
        for message in catalog:  # the notes for translators follow the code
            if message.id and message.id in template:
                message.auto_comments = template[message.id].auto_comments
        catalog.obsolete.clear()
        if lang == SOURCE_LANG:
            for message in catalog:
                if message.id and not message.string or message.string == ("", ""):
                    message.string = message.id
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True, include_lineno=False)
        written.append(path)
    return written


def out_of_date(root: Path) -> list[str]:
    """What `update` would change in the messages: marked but missing from a
    catalog, or in a catalog but no longer marked anywhere."""
    folder = catalog_folder(root)
    wanted = {message.id if isinstance(message.id, str) else message.id[0] for message in extract(root) if message.id}
    problems = []
    for lang in languages(folder) or [SOURCE_LANG]:
        path = catalog_path(folder, lang)
        if not path.exists():
            problems.append(f"{path.relative_to(root)}: missing (run `invoke translations`)")
            continue
        with path.open("rb") as source:
            catalog = read_po(source, locale=lang, domain=DOMAIN)
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        for message in sorted(wanted - have):
            problems.append(f"{path.relative_to(root)}: no entry for {message!r} (run `invoke translations`)")
        for message in sorted(have - wanted):
            problems.append(f"{path.relative_to(root)}: {message!r} is no longer used (run `invoke translations`)")
    return problems
