"""Every word the site prints comes from the catalogs.

The strongest check builds a small campaign written in Spanish with a
made-up language whose catalog turns every message into full-width letters:
any plain ASCII word left on any page or feed that the campaign itself did
not write escaped the catalogs.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from helpers import ROOT, TODAY, build_site, page, text_of, write_files, write_settings
from jinja2 import Environment, nodes
from lxml import etree
from lxml import html as lxml_html

sys.path.insert(0, str(ROOT))
from tools import translations  # noqa: E402

WORDS = Path(__file__).parent / "fixtures" / "words"
TEMPLATES = ROOT / "theme" / "templates"
PSEUDO = "xx"
SECOND = "yy"  # a second made-up language, so a face under /yy/ is built and checked too


# --- the made-up language -------------------------------------------------

KEEP = re.compile(r"(\{[a-z_]+\}|%\([a-z_]+\)s|<[^>]*>|&[a-z]+;)")


def pseudo(message: str) -> str:
    """Full-width letters, leaving placeholders, tags and entities as they are."""
    return "".join(
        part if KEEP.fullmatch(part) else re.sub(r"[A-Za-z]", lambda m: chr(ord(m.group()) + 0xFEE0), part)
        for part in KEEP.split(message)
    )


def pseudo_catalog(folder: Path, lang: str = PSEUDO) -> Path:
    """The made-up language's catalog, from every message marked in the code."""
    catalog = Catalog(locale=None, domain="messages")
    for message in translations.extract(ROOT):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(pseudo(part) for part in message.id)
        elif message.id == "d MMMM y":  # a date pattern: numbers only, so no month name
            string = "y-MM-dd"
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string)
    path = translations.catalog_path(folder, lang)
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        write_po(out, catalog)
    return folder


# --- what a reader sees ---------------------------------------------------

VISIBLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "content", "label")
SKIPPED = {"code", "script", "style"}
READ_META = re.compile(r"(title|description|site_name|image:alt)$")
ADDRESS = re.compile(r"\S*(?:https?:|mailto:|www\.|@|/|\.[a-z]{2,4}\b)\S*")
WORD = re.compile(r"[A-Za-z]{2,}")


def visible_texts(tree):
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag not in SKIPPED and element.text:
            yield element.text
        if element.tail:
            parent = element.getparent()
            if parent is None or etree.QName(parent).localname not in SKIPPED:
                yield element.tail
        for name in VISIBLE_ATTRIBUTES:
            if name == "content" and not READ_META.search(element.get("name") or element.get("property") or ""):
                continue  # a value for machines: og:type, robots, the security policy
            if element.get(name):
                yield element.get(name)


MACHINE_FIELDS = {"pubDate", "lastBuildDate", "published", "updated", "id", "guid", "link", "language", "date"}


def feed_texts(tree):
    """What a feed reader shows: titles, descriptions, names and entry HTML
    (escaped inside the XML), not the dates and ids it reads."""
    for node in tree.iter():
        if not isinstance(node.tag, str) or etree.QName(node).localname in MACHINE_FIELDS:
            continue
        if node.text and node.text.strip():
            if "<" in node.text:
                yield from visible_texts(lxml_html.fromstring(f"<div>{node.text}</div>"))
            else:
                yield node.text
        for name in ("title", "label"):
            if node.get(name):
                yield node.get(name)


def json_texts(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("content_html", "summary", "title", "description") or isinstance(item, dict | list):
                yield from json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_texts(item)
    elif isinstance(value, str):
        yield from visible_texts(lxml_html.fromstring(f"<div>{value}</div>"))


def ascii_words(site: Path) -> dict[str, set[str]]:
    """Every plain ASCII word a reader or a feed reader meets, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            texts = visible_texts(lxml_html.fromstring(path.read_bytes()))
        elif path.suffix == ".xml" and "feeds" in path.parts:
            texts = list(feed_texts(etree.fromstring(path.read_bytes())))
        elif path.suffix == ".json":
            texts = json_texts(json.loads(path.read_text(encoding="utf-8")))
        else:
            continue
        words = {w for text in texts for w in WORD.findall(ADDRESS.sub(" ", text))}
        if words:
            found[str(path.relative_to(site))] = words
    return found


def words_of_the_campaign(*texts: str) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(text)}


def escaped_words(site: Path, allowed: set[str]) -> dict[str, list[str]]:
    return {
        path: sorted(w for w in words if w.lower() not in allowed)
        for path, words in ascii_words(site).items()
        if any(w.lower() not in allowed for w in words)
    }


# --- building the campaign in the made-up language --------------------------

SETTINGS = {
    "DEFAULT_LANG": PSEUDO,
    "DEFAULT_DATE_FORMAT": "%Y-%m-%d",
    "DATE_FORMATS": {PSEUDO: "%Y-%m-%d"},
    "SITENAME": "Sindicato Setenta y Siete",
    "UNION_NAME": "Sindicato de Trabajadoras Sociales, Seccional Setenta y Siete",
    "UNION_TAGLINE": "Cargas de trabajo humanas, para quienes trabajan y para quienes atendemos.",
    "DEFAULT_CATEGORY": "Toda la campaña",
    "CONTACT_EMAIL": "escribenos@sindicato.example.org",
}


def build_in_pseudo_language(tmp_path: Path, theme: Path | None = None) -> tuple[Path, set[str]]:
    content = tmp_path / "content"
    shutil.copytree(WORDS / "content", content)
    shutil.copytree(WORDS / "private", tmp_path / "private")
    overrides = dict(SETTINGS)
    if theme is not None:
        overrides["THEME"] = str(theme)
    folder = pseudo_catalog(pseudo_catalog(tmp_path / "translations"), SECOND)
    site = build_site(
        content,
        tmp_path / "out",
        CAMPAIGN={"translations": str(folder), "languages": [PSEUDO, SECOND], "translated_settings": {}},
        **overrides,
    )
    sources = [p.read_text(encoding="utf-8") for p in sorted(content.rglob("*")) if p.suffix in (".md", ".yml")]
    # The language switch names each language; CLDR has no name for a made-up one, so its code.
    allowed = words_of_the_campaign(*sources, *(str(v) for v in SETTINGS.values()), PSEUDO, SECOND)
    return site, allowed


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    return build_in_pseudo_language(tmp_path_factory.mktemp("pseudo"))


def test_every_word_on_every_page_and_feed_comes_from_the_catalog(pseudo_site):
    site, allowed = pseudo_site
    # The campaign reached every kind of page: stories, listings, petitions, feeds, the withdrawn notice.
    assert {"testimonies", "updates", "news", "petitions", "regions", "tags", "archives", "subscribe"} <= {
        p.relative_to(site).parts[0] for p in site.rglob("index.html") if p.parent != site
    }
    assert (site / "testimonies/una-historia-que-ya-no-esta/index.html").exists()
    assert list((site / "feeds").glob("*.json"))
    # And the second language's face: its home, listings, petitions and feeds.
    assert {"index.html", "testimonies", "petitions", "regions", "subscribe", "feeds"} <= {
        p.name for p in (site / SECOND).iterdir()
    }
    assert escaped_words(site, allowed) == {}


def test_the_made_up_language_really_is_printed(pseudo_site):
    """The catalog was used (not skipped): the words around a story, from the
    templates and from the plugin, are in the made-up language."""
    site, _ = pseudo_site
    story = page(site, "testimonies/sesenta-y-cinco-nombres-en-mi-lista/")
    assert text_of(story.xpath("//nav[@class='share']/h2")[0]) == pseudo("Share this")
    assert text_of(story.xpath("//section[@class='facts-box']/h2")[0]) == pseudo("By the numbers")
    compare = text_of(story.xpath("//p[@class='fact-compare']")[0])
    assert compare == pseudo("{amount} more than {other} ({percent}% over)").format(
        amount="20", other=pseudo("{short} of {value}").format(short="el tope", value="45"), percent="44"
    )
    petition = page(site, "petitions/turnos/")
    assert pseudo("This petition closed on {date}.").format(date="2026-10-15") in text_of(
        petition.xpath("//p[@class='petition-outcome']")[0]
    )


def test_the_check_notices_a_word_that_escapes_the_catalog(tmp_path):
    """A theme with one English sentence typed into a template is caught."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</main>", "</main><p>Thanks for reading</p>"))
    site, allowed = build_in_pseudo_language(tmp_path, theme)
    escaped = escaped_words(site, allowed)
    assert escaped["index.html"] == ["Thanks", "for", "reading"]
    assert set(escaped) == {str(p.relative_to(site)) for p in site.rglob("*.html")}


# --- the catalogs and the templates themselves ------------------------------


def test_the_catalogs_hold_every_marked_message_and_nothing_else():
    assert translations.out_of_date(ROOT) == []


def test_a_new_message_is_reported_until_the_catalogs_are_updated(tmp_path):
    project = tmp_path / "project"
    for part in ("babel.cfg", "plugins/campaign", "theme"):
        source = ROOT / part
        (project / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
    template = project / "theme/templates/404.html"
    template.write_text(
        template.read_text().replace("{% block main %}", "{% block main %}<p>{{ _('Try the search') }}</p>")
    )
    problems = translations.out_of_date(project)
    assert any("no entry for 'Try the search'" in p for p in problems), problems
    translations.update(project)
    assert translations.out_of_date(project) == []
    english = (project / "theme/translations/en/LC_MESSAGES/messages.po").read_text()
    assert 'msgid "Try the search"\nmsgstr "Try the search"' in english
    # Another language waits for its translator: empty, so its pages fall back to English.
    spanish = (project / "theme/translations/es/LC_MESSAGES/messages.po").read_text()
    assert 'msgid "Try the search"\nmsgstr ""' in spanish
    assert 'msgid "By the numbers"\nmsgstr "En cifras"' in spanish


JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)
READ_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')


def blank(match) -> str:
    """The same length and lines, with nothing readable in it."""
    return re.sub(r"[^\n]", "\0", match.group())


def literal_words_in_templates() -> list[str]:
    """Words typed straight into a template: text between tags, readable
    attribute values, and string constants printed by `{{ }}`. A
    `{% trans %}` block is a message of the catalogs, so it is not looked in."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(TEMPLATES)
        markup = JINJA.sub(blank, TRANS_BLOCK.sub(blank, source))
        readable = [(m.start(1), m.group(1)) for m in READ_ATTRIBUTE.finditer(markup)]
        text = re.sub(r"<[^>]*>", blank, markup)
        readable += [(m.start(), m.group()) for m in re.finditer(r"[^\0<>]+", re.sub(r"&[a-z]+;", blank, text))]
        for start, value in sorted(readable):
            for word in WORD.finditer(value):
                found.append(f"{name}:{source.count(chr(10), 0, start + word.start()) + 1}: {word.group()}")
        for output in env.parse(source).find_all(nodes.Output):
            for child in output.nodes:
                for const in printed_constants(child):
                    found.append(f"{name}:{const.lineno}: {const.value!r}")
    return found


def printed_constants(expression):
    """String constants an expression prints as they are (`{{ "By" if … }}`)."""
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str) and WORD.search(expression.value):
        yield expression
    elif isinstance(expression, nodes.CondExpr):
        yield from printed_constants(expression.expr1)
        if expression.expr2 is not None:
            yield from printed_constants(expression.expr2)
    elif isinstance(expression, nodes.Concat):
        for part in expression.nodes:
            yield from printed_constants(part)


def test_no_template_types_a_word_outside_the_catalog():
    assert literal_words_in_templates() == []


def test_the_template_check_can_fail(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    write_files(
        folder,
        {
            "a.html": '<p>Sign here</p><img alt="A photo" src="x">',
            "b.html": '{{ "Por" if article.lang == "es" else _("By") }}',
            "c.html": '<p class="fine">{{ _("Sign here") }}</p>',
        },
    )
    monkeypatch.setattr(sys.modules[__name__], "TEMPLATES", folder)
    found = literal_words_in_templates()
    assert found == ["a.html:1: Sign", "a.html:1: here", "a.html:1: photo", "b.html:1: 'Por'"]


# --- languages --------------------------------------------------------------


def test_a_story_in_spanish_speaks_spanish_around_its_content(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "facts.yml": "tope:\n  label: el tope que pedimos\n  value: 45\n  unit: estudiantes\n  source: Propuesta\n",
            "petitions/tope.md": "Title: Un tope\nUrl: https://firmas.example.org/tope\nGoal: 2000\n"
            "Signatures: 1840\nStatus: open\n\nPedimos un tope.\n",
            "testimonies/una.md": "Title: Mi lista\nId: es-1\nDate: 2026-10-01\nAuthor: Rosaura Ticona\n"
            "Role: Coordinadora\nWorkplace: Programa Puentes\nQuote: Somos muchas.\nConsent: 2026-09-01\n"
            "Lang: es\nFacts: tope\nPetition: tope\n\nHoy llevo sesenta y cinco.\n",
            "testimonies/one.md": "Title: My list\nId: en-1\nDate: 2026-10-02\nAuthor: Rowan Tilly\n"
            "Role: Coordinator\nWorkplace: Bridges Program\nQuote: We are many.\nConsent: 2026-09-01\n"
            "Facts: tope\nPetition: tope\n\nToday I carry sixty-five.\n",
        },
    )
    site = build_site(content, tmp_path / "out")
    spanish = page(site, "testimonies/mi-lista/")
    english = page(site, "testimonies/my-list/")
    assert text_of(spanish.xpath("//section[@class='facts-box']/h2")[0]) == "En cifras"
    assert text_of(spanish.xpath("//a[@class='petition-sign']")[0]) == "Firma la petición"
    # Spanish writes a four-digit number whole.
    assert text_of(spanish.xpath("//p[@class='petition-progress']")[0]) == "1840 de 2000 firmas"
    assert text_of(english.xpath("//section[@class='facts-box']/h2")[0]) == "By the numbers"
    assert text_of(english.xpath("//p[@class='petition-progress']")[0]) == "1,840 of 2,000 signatures"
    # The whole page speaks the story's language: its menu, share links and footer too.
    assert spanish.get("lang") == "es" and english.get("lang") == "en"
    assert text_of(spanish.xpath("//nav[@class='share']/h2")[0]) == "Compártelo"
    assert text_of(english.xpath("//nav[@class='share']/h2")[0]) == "Share this"
    assert "Suscríbete" in [text_of(a) for a in spanish.xpath("//details[@class='site-menu']//a")]


def test_a_catalog_that_cannot_be_read_stops_the_build_at_its_line(tmp_path):
    from helpers import minimal_content, run_pelican

    content = minimal_content(tmp_path / "content")
    folder = tmp_path / "translations" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "Share this"\nmsgstr "Partager"\n\nmsgid "Email"\nCourriel\n')
    settings = write_settings(
        tmp_path / "settings.py",
        f"CAMPAIGN = {{**CAMPAIGN, 'translations': {str(tmp_path / 'translations')!r}, 'today': {TODAY!r}}}\n",
    )
    result = run_pelican(content, tmp_path / "out", settings)
    assert result.returncode != 0
    assert f"{folder / 'messages.po'}:5: this catalog cannot be read" in result.stderr
    assert "Traceback" not in result.stderr.split("the build stopped")[0]
