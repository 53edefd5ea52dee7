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

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ẞ": "ss",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŋ": "n",
        "Ŋ": "n",
        "ŧ": "t",
        "Ŧ": "t",
        "\u2019": "'",
        # Invisible characters, often pasted from word processors and chat apps,
        # must not split a name in two: a soft hyphen, zero-width spaces and joiners.
        "\u00ad": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u180e": "",
    }
)
# Inline elements do not break a word on screen: `Zeph<em>yrine</em>` reads
# "Zephyrine"; nor do Markdown's inline marks: `Zeph*yrine*`, `**Quill**feather`. So the
# matcher lets them stand between any two letters of a name.
_INLINE_TAG = r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^>]*>"
GAPS = {
    "plain": "",
    "markup": rf"(?:{_INLINE_TAG})*",
    "markdown": rf"(?:{_INLINE_TAG}|[*~`])*",
}
_GAP = re.compile(rf"{_INLINE_TAG}|[*~`]")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PART = re.compile(r"[^\W_]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_ASCII_BYTES = bytes(range(128))
# A tag name (`<li>`, `</li>`, `<atom:link `) or an attribute name (` rel="`).
_TAG_BEFORE = re.compile(r"</?(?:[a-z][\w.-]*:)?$")
_TAG_AFTER = re.compile(r"[\s>/]")
_ATTRIBUTE_BEFORE = re.compile(r"\s(?:[a-z][\w.-]*:)?$")
_ATTRIBUTE_AFTER = re.compile(r"=[\"']")
# A %-code that can stand for a letter: A-Z, a-z, or the first byte of a
# UTF-8 sequence. `%20` and `%2F`, common in share links, cannot.
_PERCENT_LETTER = re.compile(r"%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|[C-Fc-f][0-9A-Fa-f])")
PARTICLES = {
    "al",
    "bin",
    "bint",
    "da",
    "das",
    "de",
    "degli",
    "dei",
    "del",
    "della",
    "der",
    "des",
    "di",
    "do",
    "dos",
    "du",
    "e",
    "el",
    "ibn",
    "la",
    "las",
    "le",
    "lo",
    "los",
    "st",
    "ten",
    "ter",
    "van",
    "vander",
    "von",
    "y",
    "zu",
}
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# `&#79;`, `&#x4F;`, `&Aring;` and the same escaped again (`&amp;#79;`);
# not the five entities every page is full of, which stand for no letter.
# (`&#39;` and its like, which Jinja writes for every quote, stand for no letter either.)
_LETTER_ENTITY = re.compile(
    r"&(?:amp;)?(?:#(?!(?:3[4789]|6[02]);)[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|"
    r"(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]{1,31};?)"
)


def fold(text: str) -> str:
    """Text as the matcher compares it: no case, no accents, no width.

    Folding works character by character (NFKD decomposes each on its own),
    and a published page holds few distinct non-ASCII characters, so each
    distinct one that folds to something else is replaced throughout, rather
    than running Unicode normalization over megabytes of ASCII."""
    if text.isascii():
        return text.lower()
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    for char in set(others):
        folded = _fold_char(char)
        if folded != char.lower():
            text = text.replace(char, folded)
    return text.lower()


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return _MARKS.sub("", decomposed).translate(_SPECIAL).casefold()


def name_parts(name: str) -> set[str]:
    """The parts of a name that are looked for, folded."""
    return {p for p in _PART.findall(fold(name)) if len(p) >= 2 and p not in PARTICLES}


def decoded(text: str) -> str:
    """The text with what a browser or a feed reader would decode, decoded:
    HTML entities (also escaped once more, as HTML inside XML is), JSON `\\u`
    escapes and %-encoding, so `Ok&#111;njo`, `Ok&amp;#111;njo` and
    `%C3%85ngstr%C3%B6m` are still the name. Only entities that can stand for
    a letter are decoded: `&amp;`, `&lt;` and the like are everywhere and
    stand for none."""
    if "&" in text:
        text = _LETTER_ENTITY.sub(lambda m: html.unescape(html.unescape(m.group(0))), text)
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "%" in text and _PERCENT_LETTER.search(text):
        text = unquote(text)
    return text


@dataclass(frozen=True)
class Storyteller:
    """An anonymous storyteller as the checks know them: where the story is,
    the name parts to look for, and the parts the organizer allowed."""

    source: str  # the story's path inside content/ (or the register entry)
    parts: frozenset
    allowed: frozenset = frozenset()
    origin: tuple = ("", 1)  # (path, line) where the allowed words are written


@dataclass(frozen=True)
class Hit:
    part: str
    storyteller: Storyteller
    line: int


@dataclass(frozen=True)
class Finding:
    """The name parts of one storyteller met on one line: one problem, so a
    full name written once is reported once, not once per word."""

    line: int
    storyteller: Storyteller
    parts: tuple

    def words(self, own: bool = False) -> str:
        """ "`ana`, part of the name of …" or "`ana` and `ruiz`, parts of …"."""
        quoted = [f"`{part}`" for part in self.parts]
        listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
        whose = (
            "its anonymous storyteller's name"
            if own
            else f"the name of the anonymous storyteller of {self.storyteller.source}"
        )
        return f"{listed}, {'part' if len(quoted) == 1 else 'parts'} of {whose}"


def findings(hits) -> list[Finding]:
    """`hits` gathered by line and storyteller, each part once, in the order met."""
    gathered: dict[tuple, list[str]] = {}
    tellers = {}
    for hit in hits:
        key = (hit.line, hit.storyteller.source)
        tellers[key] = hit.storyteller
        parts = gathered.setdefault(key, [])
        if hit.part not in parts:
            parts.append(hit.part)
    return [Finding(line, tellers[line, source], tuple(parts)) for (line, source), parts in gathered.items()]


@dataclass
class NameMatcher:
    storytellers: list = field(default_factory=list)

    def __post_init__(self):
        self._owners: dict[str, list[Storyteller]] = {}
        for teller in self.storytellers:
            for part in teller.parts - teller.allowed:
                self._owners.setdefault(part, []).append(teller)
        # A trie of the parts, without look-arounds, lets the regex engine
        # skip quickly to where a part can start; word boundaries are checked
        # on each (rare) match instead. This keeps the gate cheap on a large site.
        self._patterns = (
            {mode: re.compile(_trie(self._owners, gap)) for mode, gap in GAPS.items()} if self._owners else {}
        )

    def __bool__(self):
        return bool(self._patterns)

    def parts(self) -> set[str]:
        return set(self._owners)

    def find(self, text: str, markup: bool = False, markdown: bool = False) -> list[Hit]:
        """Every name part in `text`, once decoded (entities, escapes, %-codes)
        and folded, with its line (1-based), once per line. Decoding only ever
        turns an encoded name into the name, so the decoded text is all there
        is to read. `markup` (HTML, XML, SVG) and `markdown` also read the
        text with inline tags or marks removed, as a reader sees it; with
        `markup`, tag and attribute names are not words a reader sees, so a
        storyteller called Li or Strong is not found in `<li>` or `<strong>`."""
        if not self._patterns or not text:
            return []
        folded = fold(decoded(text))
        mode = "markup" if markup else "markdown" if markdown else "plain"
        hits, seen = [], set()
        for match in self._patterns[mode].finditer(folded):
            start, end = match.span()
            if (start and _WORD_CHAR.match(folded, start - 1)) or _WORD_CHAR.match(folded, end):
                continue  # inside a longer word
            if markup and _is_markup_name(folded, start, end):
                continue
            part = match.group(0) if mode == "plain" else _GAP.sub("", match.group(0))
            line = folded.count("\n", 0, start) + 1
            for teller in self._owners[part]:
                if (part, teller.source, line) not in seen:
                    seen.add((part, teller.source, line))
                    hits.append(Hit(part, teller, line))
        return hits

    def find_in_bytes(self, data: bytes) -> list[Hit]:
        """Name parts in a binary file, read as Latin-1 and as UTF-8."""
        if not self._patterns:
            return []
        return self.find(data.decode("latin-1")) + self.find(data.decode("utf-8", "replace"))


def _is_markup_name(folded: str, start: int, end: int) -> bool:
    before = max(0, start - 40)
    if _TAG_BEFORE.search(folded, before, start) and _TAG_AFTER.match(folded, end):
        return True
    return bool(_ATTRIBUTE_BEFORE.search(folded, before, start) and _ATTRIBUTE_AFTER.match(folded, end))


def _trie(words, gap: str = "") -> str:
    """One regex matching any of `words`, longest first, shaped as a trie,
    with `gap` allowed between two letters."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node) -> str:
        branches = [
            re.escape(char) + (gap + build(child) if any(child) else "") for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; a longer one may go on
            return f"(?:{body})?"
        return body

    return build(root)
