"""The one grammar of `[fact: ID]` and `[petition: ID]`.

A code is `[`, the kind in small letters (`fact` or `petition`), a colon,
one id (no spaces, no `]`) and `]`. Spaces are free around the id
(`[fact:caseload-cap]`, `[fact: caseload-cap ]`) and nowhere else.

A *near miss* is bracketed text that was meant as a code but breaks that
rule: `[Fact: caseload-cap]`, `[fact : caseload-cap]`, `[ fact: …]`,
`[facts: …]`, `[fact: caseload cap]`, `[fact: a, b]`, `[fact: ]`. Rendering
leaves it as written; validation reports it as an error with the code meant.

Rendering (markdown_ext.py) matches these patterns in Python-Markdown's
processors, and validation finds them by running the same processors
(markdown_ext.CodeFinder), so both agree on what is a code: text in code
spans, code blocks, HTML comments, escapes, links, images and addresses is
never one. To give each code found its line, the finder first marks every
`[` that starts something code-shaped (`mark`) with an invisible number the
patterns skip over, then maps the numbers the processors meet back to lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

KINDS = ("fact", "petition")

# Private-use characters, never in a story's text: MARK_OPEN, digits, MARK_CLOSE.
MARK_OPEN, MARK_CLOSE, _DIGIT_ZERO = "\ue000", "\ue001", 0xE010
MARK = "\ue000[\ue010-\ue019]+\ue001"

TOKEN = rf"\[(?P<mark>{MARK})?(?P<kind>fact|petition):\s*(?P<id>[^\]\s]+)\s*\]"
BLOCK_TOKEN = re.compile(rf"^\s*{TOKEN}\s*$")
# Meant as a code, on one line: the kind in any case, singular or plural,
# with spaces anywhere, then anything up to the closing bracket.
NEAR_MISS = (
    rf"\[(?P<mark>{MARK})?(?P<lead>[ \t]*)(?P<kind>(?i:facts?|petitions?))(?P<gap>[ \t]*):(?P<rest>[^\[\]\n]*)\]"
)
# Where a code or a near miss may start: the `[` the finder marks.
_START = re.compile(r"\[(?=[ \t]*(?i:facts?|petitions?)[ \t]*:)")
_TOKEN = re.compile(TOKEN)
_MARK = re.compile(MARK)


def mark(text: str) -> tuple[str, list[int]]:
    """The text with each code-shaped `[` followed by its number, and the
    offset in `text` of each numbered `[`."""
    offsets = [m.start() for m in _START.finditer(text)]
    if not offsets:
        return text, []
    pieces, last = [], 0
    for number, offset in enumerate(offsets):
        pieces.append(text[last : offset + 1])
        pieces.append(mark_for(number))
        last = offset + 1
    pieces.append(text[last:])
    return "".join(pieces), offsets


def mark_for(number: int) -> str:
    return MARK_OPEN + "".join(chr(_DIGIT_ZERO + int(d)) for d in str(number)) + MARK_CLOSE


def mark_number(written: str | None) -> int | None:
    """The number in a mark, None when there is none."""
    if not written:
        return None
    return int("".join(str(ord(c) - _DIGIT_ZERO) for c in written[1:-1]))


def unmark(text: str) -> str:
    return _MARK.sub("", text)


@dataclass(frozen=True)
class Found:
    """A code, or a near miss (`meant` is then the code, or codes, it should be)."""

    line: int
    kind: str
    id: str
    written: str
    near_miss: bool = False
    meant: str = ""
    reason: str = ""


def near_miss(line: int, match: re.Match, known_ids) -> Found:
    """What is wrong with a near miss, and the code it most likely means."""
    written = unmark(match.group(0))
    kind_written, rest = match.group("kind"), match.group("rest")
    kind = kind_written.lower()
    if kind not in KINDS:
        kind = kind[:-1]
    parts = [re.sub(r"\s+", "-", part.strip()) for part in rest.split(",")]
    ids = [closest(part, known_ids) for part in parts if part]
    if not ids:
        reason = f"it names no {kind}"
    elif len(ids) > 1:
        reason = f"a code names one {kind}"
    elif kind_written != kind:
        reason = (
            f"write `{kind}` in small letters"
            if kind_written.lower() == kind
            else f"write `{kind}`, not `{kind_written}`"
        )
    elif match.group("lead") or match.group("gap"):
        reason = f"write `[{kind}:` with no spaces"
    else:
        reason = "an id has no spaces"
    meant = " and ".join(f"`[{kind}: {item}]`" for item in ids)
    return Found(line, kind, ids[0] if ids else "", written, near_miss=True, meant=meant, reason=reason)


def closest(written: str, known_ids) -> str:
    """The known id meant by `written`: itself, or one close to it."""
    known = list(known_ids)
    if written in known:
        return written
    by_case = {item.lower(): item for item in known}
    if written.lower() in by_case:
        return by_case[written.lower()]
    close = difflib.get_close_matches(written.lower(), known, n=1, cutoff=0.75)
    return close[0] if close else written


def line_of(offset: int, text: str, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def is_code(text: str) -> bool:
    """Whether the text is exactly one code."""
    return _TOKEN.fullmatch(text) is not None
