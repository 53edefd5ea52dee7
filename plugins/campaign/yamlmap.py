"""A YAML file of records, `id:` then indented fields, read with line numbers.

`facts.yml` and the storyteller register are both written this way. PyYAML's
own loader silently keeps the last of two equal keys and forgets where each
value was, so the mapping is composed first and each scalar constructed here:
every problem then has its line, and a record pasted twice is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problems

# YAML reserves these characters at the start of a value: `unit: %` is read
# as a directive, `source: @union` as a reserved token.
_RESERVED_START = re.compile(r"found character '(.)' that cannot start any token")


def _yaml_hint(problem: str, text: str, line: int, private: bool) -> str:
    lines = text.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    reserved = _RESERVED_START.search(problem)
    if reserved and ":" in written:
        key, value = written.split(":", 1)
        quoted = "..." if private else value.strip().replace('"', '\\"')
        return f'a value starting with `{reserved.group(1)}` must be in quotes: write `{key.strip()}: "{quoted}"`'
    return "check the indentation and that every text with a colon is in quotes"


@dataclass
class Record:
    id: str
    line: int
    fields: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # field name -> line


def read_records(
    text: str,
    display: str,
    problems: Problems,
    *,
    file_label: str,
    item: str,
    known_keys,
    required,
    private: bool = False,
) -> tuple[list[Record], set[str] | None]:
    """The whole records of `text`, and the ids of records too broken to use
    (None when the file is not YAML at all, so no id can be trusted).
    A `private` file's values are never repeated in a message: a terminal's
    output is pasted into chats and kept in CI logs."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = str(getattr(error, "problem", error))
        problems.error(
            display, line, f"{file_label} is not valid YAML: {problem}", _yaml_hint(problem, text, line, private)
        )
        return [], None
    if root is None:
        return [], set()
    if not isinstance(root, yaml.MappingNode):
        problems.error(
            display,
            root.start_mark.line + 1,
            f"{file_label} must map each {item} id to its fields",
            f"write `{item}-id:` then indented fields",
        )
        return [], set()
    constructor = yaml.SafeLoader("")
    records, broken, seen = [], set(), {}
    for key_node, value_node in root.value:
        record_id = str(constructor.construct_object(key_node))
        line = key_node.start_mark.line + 1
        if record_id in seen:
            problems.error(
                display,
                line,
                f"{item} `{record_id}` is defined twice (first on line {seen[record_id]})",
                f"give each {item} its own id, or delete one copy",
            )
            continue
        seen[record_id] = line
        if not isinstance(value_node, yaml.MappingNode):
            problems.error(
                display,
                line,
                f"{item} `{record_id}` must have indented fields",
                "add at least " + " and ".join(f"`{key}:`" for key in required) + " under it",
            )
            broken.add(record_id)
            continue
        record = Record(record_id, line)
        for field_key_node, field_value_node in value_node.value:
            name = str(constructor.construct_object(field_key_node))
            field_line = field_key_node.start_mark.line + 1
            if name in record.fields:
                problems.error(display, field_line, f"{item} `{record_id}` has `{name}` twice", "keep one")
                continue
            if name not in known_keys:
                problems.error(
                    display,
                    field_line,
                    f"{item} `{record_id}` has an unknown key `{name}`",
                    "known keys: " + ", ".join(sorted(known_keys)),
                )
                continue
            record.fields[name] = constructor.construct_object(field_value_node, deep=True)
            record.lines[name] = field_line
        missing = [key for key in required if record.fields.get(key) in (None, "")]
        for key in missing:
            problems.error(display, line, f"{item} `{record_id}` has no `{key}`", f"add `{key}:` under `{record_id}:`")
        if missing:
            broken.add(record_id)
            continue
        records.append(record)
    return records, broken
