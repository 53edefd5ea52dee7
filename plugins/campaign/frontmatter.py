"""Read the metadata header of a Markdown file, keeping line numbers.

Pelican's reader drops line numbers, but an organizer needs to be told *which
line* of a file is wrong, so validation reads the header itself, following
Python-Markdown's `meta` rules: `Key: value` lines up to the first blank line,
continuation lines indented by four spaces, and an optional `---` fence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^-{3}\s*$")
# `Consent Scope: print`: meant as a key, but Markdown ends the header there
# and publishes the rest of it as text.
_STRAY_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9 _.-]{0,30}?)\s*:\s*(?P<value>.*)$")


@dataclass
class Field:
    key: str  # as written
    value: str
    line: int


@dataclass
class Header:
    fields: dict = field(default_factory=dict)  # lowercase key -> Field
    duplicates: list = field(default_factory=list)  # Field written twice
    stray: Field | None = None  # a key-like line that ended the header
    # `    Anonymous: yes` indented under another key: Markdown reads it as
    # more of that key's value, so the key itself is never set.
    folded_keys: list = field(default_factory=list)
    # `Key: value` lines in the body's first paragraph: after the blank line
    # that ends the header, so they are published as text, not read as keys.
    late_keys: list = field(default_factory=list)
    unreadable: str = ""  # why the file could not be read, if it could not
    consent_in_register: bool = False  # an anonymous story's consent is in a register that cannot be read
    body: str = ""
    body_line: int = 1  # line number of the first body line

    def get(self, key, default=None):
        found = self.fields.get(key.lower())
        return found.value if found else default

    def line(self, key, default=1):
        found = self.fields.get(key.lower())
        return found.line if found else default


def parse_header(text: str) -> Header:
    lines = text.split("\n")
    header = Header()
    index = 0
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    if lines and _FENCE.match(lines[0]):
        index = 1
    last = None
    while index < len(lines):
        raw = lines[index]
        if not raw.strip():
            index += 1
            break
        if _FENCE.match(raw) and index > 0:
            index += 1
            break
        match = _KEY_LINE.match(raw)
        if match:
            key = match.group("key")
            item = Field(key, match.group("value").strip(), index + 1)
            if key.lower() in header.fields:
                header.duplicates.append(item)
            header.fields[key.lower()] = item
            last = item
        elif last is not None and _CONTINUATION.match(raw):
            folded = _KEY_LINE.match(raw.strip())
            if folded:
                header.folded_keys.append(Field(folded.group("key"), folded.group("value").strip(), index + 1))
            last.value = (last.value + " " + raw.strip()).strip()
        else:
            stray = _STRAY_KEY.match(raw)
            if stray and index > 0:
                header.stray = Field(stray.group("key"), stray.group("value").strip(), index + 1)
            break  # not a header line: the body starts here
        index += 1
    header.body_line = index + 1
    header.body = "\n".join(lines[index:])
    first = index
    while first < len(lines) and not lines[first].strip():
        first += 1
    while first < len(lines) and lines[first].strip():
        late = _KEY_LINE.match(lines[first])
        if late:
            header.late_keys.append(Field(late.group("key"), late.group("value").strip(), first + 1))
        first += 1
    return header


def read_header(path) -> Header:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_header(handle.read())
    except UnicodeDecodeError as error:
        header = Header()
        header.unreadable = f"is not saved as UTF-8 (byte {error.start + 1} cannot be read)"
        return header
