"""How an anonymous storyteller's name is recognised, wherever it is written.

One matcher serves `invoke check` (on the sources, with line numbers) and the
output privacy gate (on every published byte and path), so the two can never
disagree about what counts as the name.

A name is split into its parts, and each part is looked for as a whole word,
ignoring case, accents and character width: `Ångströmsdóttir` is found as
`ANGSTROMSDOTTIR`, `angstromsdottir` and `ａｎｇｓｔｒｏｍｓｄｏｔｔｉｒ`. Name
particles (`de`, `van`, `y`...) are ordinary words in the site's languages and
are not looked for alone; single letters (initials) neither.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ẞ": "ss",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ł": "l", "Ł": "l",
    "ı": "i", "ħ": "h", "Ħ": "h", "ŋ": "n", "Ŋ": "n", "ŧ": "t", "Ŧ": "t",
    "\u2019": "'", "\u00ad": "",  # a soft hyphen must not split a name in two
})
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PART = re.compile(r"[^\W_]+")
PARTICLES = {
    "al", "bin", "bint", "da", "das", "de", "degli", "dei", "del", "della", "der", "des", "di",
    "do", "dos", "du", "e", "el", "ibn", "la", "las", "le", "lo", "los", "st", "ten", "ter",
    "van", "vander", "von", "y", "zu",
}
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def fold(text: str) -> str:
    """Text as the matcher compares it: no case, no accents, no width."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return _MARKS.sub("", text).translate(_SPECIAL).casefold()


def name_parts(name: str) -> set[str]:
    """The parts of a name that are looked for, folded."""
    return {p for p in _PART.findall(fold(name)) if len(p) >= 2 and p not in PARTICLES}


def decoded(text: str) -> str:
    """The text with what a browser or a feed reader would decode, decoded:
    HTML entities (twice, for escaped HTML inside XML), JSON `\\u` escapes and
    %-encoding, so `Ok&#111;njo` and `%C3%85ngstr%C3%B6m` are still the name."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "%" in text:
        text = unquote(text)
    return text


@dataclass(frozen=True)
class Storyteller:
    """An anonymous storyteller as the checks know them: where the story is,
    the name parts to look for, and the parts the organizer allowed."""

    source: str  # the story's path inside content/
    parts: frozenset
    allowed: frozenset = frozenset()


@dataclass(frozen=True)
class Hit:
    part: str
    storyteller: Storyteller
    line: int


@dataclass
class NameMatcher:
    storytellers: list = field(default_factory=list)

    def __post_init__(self):
        self._owners: dict[str, list[Storyteller]] = {}
        for teller in self.storytellers:
            for part in teller.parts - teller.allowed:
                self._owners.setdefault(part, []).append(teller)
        if self._owners:
            # Longest first, so `okonjo` is not reported as `ok` of another name.
            alternatives = "|".join(re.escape(p) for p in sorted(self._owners, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
        else:
            self._pattern = None

    def __bool__(self):
        return self._pattern is not None

    def parts(self) -> set[str]:
        return set(self._owners)

    def find(self, text: str, skip: Storyteller | None = None) -> list[Hit]:
        """Every name part in `text`, as written or as decoded, with its line
        (1-based, in `text`). `skip` is the storyteller whose own line this is."""
        if self._pattern is None or not text:
            return []
        hits, seen = [], set()
        variants = [text]
        plain = decoded(text)
        if plain != text:
            variants.append(plain)
        for variant in variants:
            folded = fold(variant)
            for match in self._pattern.finditer(folded):
                part = match.group(0)
                line = folded.count("\n", 0, match.start()) + 1 if variant is text else 0
                for teller in self._owners[part]:
                    if teller is skip or (part, teller.source) in seen:
                        continue
                    seen.add((part, teller.source))
                    hits.append(Hit(part, teller, line or _line_of(text, part)))
        return hits

    def find_in_bytes(self, data: bytes) -> list[Hit]:
        """Name parts in a binary file, as plain bytes or UTF-8."""
        if self._pattern is None:
            return []
        return self.find(data.decode("latin-1")) + self.find(data.decode("utf-8", "replace"))


def _line_of(text: str, part: str) -> int:
    """The line of `text` on which `part` appears once decoded (best effort)."""
    for number, line in enumerate(text.split("\n"), 1):
        if part in fold(decoded(line)):
            return number
    return 1
