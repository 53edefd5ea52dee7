"""Anonymous storytellers, and every place in the sources that names them.

`invoke check` and the build both run `check_sources` before anything is
written, so an organizer learns `path:line` and the field. The output gate
(gate.py) looks again at what was actually written, with the same matcher.
"""

from __future__ import annotations

import os
from pathlib import Path

from .consent import is_yes, split_ids
from .names import NameMatcher, Storyteller, name_parts
from .problems import Problems

NAME_KEYS = ("author", "authors")
ALLOW_KEY = "allow-name-words"


def storytellers(headers) -> list[Storyteller]:
    """The anonymous storytellers of `(display path, Header)` pairs."""
    found = []
    for display, header in headers:
        if not is_yes(header.get("anonymous")):
            continue
        parts = set()
        for key in NAME_KEYS:
            parts |= name_parts(header.get(key) or "")
        allowed = set()
        for word in split_ids(header.get(ALLOW_KEY)):
            allowed |= name_parts(word)
        if parts:
            found.append(Storyteller(display, frozenset(parts), frozenset(allowed & parts)))
    return found


def _report(problems: Problems, display: str, line: int, where: str, hit):
    own = hit.storyteller.source == display
    whose = "its anonymous storyteller's name" if own else f"the name of the anonymous storyteller of {hit.storyteller.source}"
    problems.error(
        display, line, f"{where} contains `{hit.part}`, part of {whose}",
        "reword it so the storyteller cannot be recognised; if the word is also an ordinary word or "
        f"another person's name, add `Allow-Name-Words: {hit.part}` to {hit.storyteller.source}",
    )


def check_sources(matcher: NameMatcher, headers, root: Path, static_paths, problems: Problems,
                  tellers_by_source: dict, extra_files=()):
    """Every header field, body line and file name of the content, and the
    names of the static files and `extra_files` (facts.yml) line by line."""
    if not matcher:
        return
    for display, header in headers:
        own = tellers_by_source.get(display)
        for hit in matcher.find(display):
            _report(problems, display, 1, "the file's name", hit)
        for key, item in header.fields.items():
            if own is not None and key in NAME_KEYS + (ALLOW_KEY,):
                continue
            for hit in matcher.find(item.value, markdown=True):
                _report(problems, display, item.line, f"`{item.key}`", hit)
        for hit in matcher.find(header.body, markdown=True):
            _report(problems, display, header.body_line + hit.line - 1, "the text", hit)
    for display in extra_files:
        path = root / display
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for hit in matcher.find(text):
                _report(problems, display, hit.line, "this file", hit)
    for folder in static_paths:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            for name in dirnames + filenames:
                relative = (Path(dirpath) / name).relative_to(root).as_posix()
                for hit in matcher.find(name):
                    _report(problems, relative, 1, "this file's name", hit)


def acknowledgements(tellers, headers_by_source: dict, problems: Problems):
    """An allowed name word is never silent: `check` lists each one."""
    for teller in tellers:
        header = headers_by_source[teller.source]
        if teller.allowed and teller.allowed == teller.parts:
            problems.error(teller.source, header.line(ALLOW_KEY), "Allow-Name-Words allows every word of the "
                           "storyteller's name, so nothing of it is guarded any more",
                           "allow only the words that are ordinary words here, never the whole name")
        for word in sorted(teller.allowed):
            problems.warning(teller.source, header.line(ALLOW_KEY),
                             f"`{word}`, part of this anonymous storyteller's name, is allowed to appear on the site",
                             "make sure it cannot identify them; remove it from Allow-Name-Words otherwise")
