"""The facts registry: the campaign's numbers, read once from `facts.yml`.

A fact is a number (or a short text such as "12-14") with its label, unit and
source. `compare_to` names another fact; the comparison is computed here, so
"20 more than the cap of 45 (44% over)" is never typed by hand.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_partial_date
from .i18n import SOURCE_LANG, Numbers, base_language
from .problems import Problems
from .yamlmap import read_records

FACT_KEYS = {
    "label",
    "value",
    "unit",
    "short",
    "compare_to",
    "source",
    "source_url",
    "as_of",
    "featured",
}
REQUIRED_KEYS = ("label", "value")
# What a fact may say in another language, under that language's code
# (`es:`): its words, never its number, date or address.
WORDING_KEYS = ("label", "unit", "short", "source")
ENGLISH_NUMBERS = Numbers()


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    value: object  # int, float or str
    unit: str = ""
    short: str = ""
    compare_to: str = ""
    source: str = ""
    source_url: str = ""
    as_of: datetime.date | None = None
    as_of_precision: str = "day"  # "year", "month" or "day": how precisely the source dates it
    featured: bool = False  # shown on the home page
    lang: str = SOURCE_LANG  # the language its label is in: the site's, or a translation's
    source_lang: str = SOURCE_LANG  # and its source's
    line: int = dataclasses.field(default=1, compare=False)  # where facts.yml defines it
    # Its words in other languages: ((lang, ((key, text), ...)), ...), from `es:` maps.
    wordings: tuple = ()
    # How its numbers are written: the site's default language's way until
    # `in_language` gives it a page's.
    numbers: Numbers = dataclasses.field(default=ENGLISH_NUMBERS, compare=False)

    def wording(self, lang: str | None) -> dict:
        """What the fact says in `lang` (`es:` in facts.yml), by key."""
        return dict(dict(self.wordings).get(base_language(lang), ()))

    def in_language(self, words) -> Fact:
        """The fact as a page in `words`' language shows it: its label, unit,
        short name and source in that language where facts.yml gives them,
        its numbers written that language's way."""
        wording = self.wording(words.lang)
        spoken = base_language(words.lang)
        return dataclasses.replace(
            self,
            **wording,
            lang=spoken if "label" in wording else self.lang,
            source_lang=spoken if "source" in wording else self.source_lang,
            numbers=words.numbers,
        )

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def display_value(self) -> str:
        return self.numbers(self.value)

    @property
    def with_unit(self) -> str:
        """The value and its unit as a reader sees them: "65 students", "40%"."""
        if not self.unit:
            return self.display_value
        if self.is_percent:
            return self.numbers.percent(self.value)
        return f"{self.display_value} {self.unit}"


def format_number(value) -> str:
    """A number as English writes it: 2,765; 6.5."""
    return ENGLISH_NUMBERS(value)


def plural_count(value) -> int:
    """The number a plural form is chosen by: gettext's rules take whole
    numbers, and a fraction reads like zero in most languages ("0.5 points")."""
    value = abs(value)
    return int(value) if float(value).is_integer() else 0


@dataclass(frozen=True)
class Comparison:
    """How one fact stands against the fact it is compared to."""

    fact: Fact
    other: Fact

    @property
    def difference(self):
        return self.fact.value - self.other.value

    def sentence(self, words) -> str:
        """ "20 more than the cap of 45 (44% over)", in `words`' language."""
        diff = self.difference
        amount = words.numbers(abs(diff))
        fact, other = self.fact.in_language(words), self.other.in_language(words)
        if fact.is_percent:
            short = f" ({other.short})" if other.short else ""
            if diff == 0:
                return words.gettext("the same as {other}{short}", other=other.with_unit, short=short)
            if diff > 0:
                return words.ngettext(
                    "up {amount} point from {other}{short}",
                    "up {amount} points from {other}{short}",
                    plural_count(diff),
                    amount=amount,
                    other=other.with_unit,
                    short=short,
                )
            return words.ngettext(
                "down {amount} point from {other}{short}",
                "down {amount} points from {other}{short}",
                plural_count(diff),
                amount=amount,
                other=other.with_unit,
                short=short,
            )
        if other.short:
            target = words.gettext("{short} of {value}", short=other.short, value=other.display_value)
        else:
            target = other.display_value
        if diff == 0:
            return words.gettext("the same as {other}", other=target)
        if other.value == 0:
            if diff > 0:
                return words.gettext("{amount} more than {other}", amount=amount, other=target)
            return words.gettext("{amount} fewer than {other}", amount=amount, other=target)
        percent = words.numbers(round(abs(diff) / abs(other.value) * 100))
        if diff > 0:
            return words.gettext(
                "{amount} more than {other} ({percent}% over)", amount=amount, other=target, percent=percent
            )
        return words.gettext(
            "{amount} fewer than {other} ({percent}% under)", amount=amount, other=target, percent=percent
        )


class FactsRegistry(dict):
    """Fact id -> Fact, with the file it came from."""

    path: str = "facts.yml"

    def __init__(self):
        super().__init__()
        # Ids whose entry has errors: already reported, so articles naming
        # them are not also told the id is unknown.
        self.broken: set[str] = set()
        # A file that is not YAML at all names no ids: every id is in doubt,
        # and one error for the file says all there is to say.
        self.unreadable = False

    def reported(self, fact_id: str) -> bool:
        """Whether a story naming `fact_id` is already covered by an error here."""
        return self.unreadable or fact_id in self.broken

    def comparison(self, fact: Fact) -> Comparison | None:
        if fact.compare_to and fact.compare_to in self:
            other = self[fact.compare_to]
            if fact.is_number and other.is_number:
                return Comparison(fact, other)
        return None


def _is_http_url(value: str) -> bool:
    lowered = value.strip().lower()
    return lowered.startswith(("http://", "https://")) and len(lowered) > len("https://")


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")  # a language the site may speak: `es`, never a region


def is_language_code(key: str) -> bool:
    return key not in FACT_KEYS and bool(LANGUAGE_CODE.match(key))


def wordings(record, display_path: str, default_lang: str, languages, problems: Problems) -> tuple:
    """A fact's words in other languages, each an indented map under the
    language's code (`es:` then `label:`, `unit:`, `short:`, `source:`)."""
    found = []
    for key in [k for k in record.fields if is_language_code(k)]:
        line, node = record.lines[key], record.nodes[key]
        lang = base_language(key)
        if lang == base_language(default_lang):
            problems.error(
                display_path,
                line,
                f"fact `{record.id}` has `{key}:` words in the site's own language",
                "write them as its label, unit, short and source, without the language",
            )
            continue
        if languages and lang not in languages:
            problems.error(
                display_path,
                line,
                f"fact `{record.id}` has words in `{key}`, which is not a language this site speaks",
                f"write one of {', '.join(languages)}; a new language is a catalog and a setting "
                '(docs/writing.md, "A new language")',
            )
            continue
        if not isinstance(record.fields[key], dict):
            problems.error(
                display_path,
                line,
                f"fact `{record.id}` has `{key}:` without indented words under it",
                f"write the {key} words on the lines below, indented: `label:`, `unit:`, `short:`, `source:`",
            )
            continue
        texts = []
        for key_node, _value in node.value:
            name, value = str(key_node.value), record.fields[key].get(key_node.value)
            if name not in WORDING_KEYS:
                problems.error(
                    display_path,
                    key_node.start_mark.line + 1,
                    f"fact `{record.id}` has an unknown key `{name}` under `{key}:`",
                    "under a language go only " + ", ".join(WORDING_KEYS) + "; the number and dates are the fact's own",
                )
            elif isinstance(value, list | dict) or value in (None, ""):
                problems.error(
                    display_path,
                    key_node.start_mark.line + 1,
                    f"fact `{record.id}` has a `{key}:` {name} that is not text",
                    f"write the {name} as it reads in {key}, or remove the line",
                )
            else:
                texts.append((name, str(value)))
        found.append((lang, tuple(texts)))
    return tuple(found)


def load_facts(
    path, display_path: str, problems: Problems, default_lang: str = SOURCE_LANG, languages=()
) -> FactsRegistry:
    """Read and check `facts.yml`. Every problem is added to `problems`.
    `languages`: those the site speaks, for a fact's words in other languages."""
    registry = FactsRegistry()
    registry.path = display_path
    path = Path(path)
    if not path.exists():
        return registry
    text = path.read_text(encoding="utf-8")
    records, broken = read_records(
        text,
        display_path,
        problems,
        file_label="facts file",
        item="fact",
        known_keys=FACT_KEYS,
        required=REQUIRED_KEYS,
        also_known=is_language_code,
    )
    if broken is None:
        registry.unreadable = True
        return registry
    registry.broken |= broken
    compare_lines: dict[str, int] = {}
    for record in records:
        fact_id, line, fields, field_lines = record.id, record.line, record.fields, record.lines
        registry.broken.add(fact_id)  # until it is known to be whole
        value = fields["value"]
        # YAML reads `.nan` and `.inf` as numbers that no sentence can hold.
        if isinstance(value, list | dict | bool) or (isinstance(value, float) and not math.isfinite(value)):
            problems.error(
                display_path,
                field_lines["value"],
                f"fact `{fact_id}` has a value that is not a number or text",
                'write a number such as `65`, or text in quotes such as `"12-14"`',
            )
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        source_url = str(fields.get("source_url") or "")
        if source_url and not _is_http_url(source_url):
            problems.error(
                display_path,
                field_lines["source_url"],
                f"fact `{fact_id}` has a source_url that is not a web address",
                "it must start with https:// or http://",
            )
            source_url = ""
        raw_as_of = fields.get("as_of")
        as_of, as_of_precision = None, "day"
        if raw_as_of is not None:
            partial = parse_partial_date(raw_as_of)
            if partial is None:
                problems.error(
                    display_path,
                    field_lines["as_of"],
                    f"fact `{fact_id}` has an as_of `{raw_as_of}` that is not a date",
                    "write the day, month or year the figure is from: 2026-09-15, 2026-09 or 2026",
                )
            else:
                as_of, as_of_precision = partial
        if not fields.get("source"):
            problems.warning(
                display_path,
                line,
                f"fact `{fact_id}` has no source",
                "add `source:` so readers can see where the number comes from",
            )
        if "featured" in fields and not isinstance(fields["featured"], bool):
            problems.error(
                display_path,
                field_lines["featured"],
                f"fact `{fact_id}` has a featured that is not yes or no",
                "write `featured: yes` to show the fact on the home page",
            )
        compare_to = str(fields.get("compare_to") or "")
        if compare_to:
            compare_lines[fact_id] = field_lines["compare_to"]
        registry.broken.discard(fact_id)
        registry[fact_id] = Fact(
            id=fact_id,
            label=str(fields["label"]),
            value=value,
            unit=str(fields.get("unit") or ""),
            short=str(fields.get("short") or ""),
            compare_to=compare_to,
            source=str(fields.get("source") or ""),
            source_url=source_url,
            as_of=as_of,
            as_of_precision=as_of_precision,
            featured=fields.get("featured") is True,
            lang=base_language(default_lang),
            source_lang=base_language(default_lang),
            line=line,
            wordings=wordings(record, display_path, default_lang, languages, problems),
        )
    for fact_id, compare_line in compare_lines.items():
        fact = registry[fact_id]
        other = registry.get(fact.compare_to)
        if other is None and fact.compare_to in registry.broken:
            continue  # its own errors are reported
        if other is None:
            problems.error(
                display_path,
                compare_line,
                f"fact `{fact_id}` compares to an unknown fact `{fact.compare_to}`",
                "compare_to must be the id of another fact in this file",
            )
        elif fact.compare_to == fact_id:
            problems.error(display_path, compare_line, f"fact `{fact_id}` compares to itself", "name another fact")
        elif not (fact.is_number and other.is_number):
            problems.error(
                display_path,
                compare_line,
                f"fact `{fact_id}` compares `{fact.display_value}` with `{other.display_value}`, and only numbers can be compared",
                "remove compare_to, or give both facts a plain number as value",
            )
    return registry
