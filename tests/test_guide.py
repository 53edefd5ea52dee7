"""The organizers' guide (docs/writing.md) matches the code: every key the
validation knows is documented where organizers look for it, and every key
the guide documents is one the validation knows."""

import re

from campaign.facts import FACT_KEYS, WORDING_KEYS
from campaign.petitions import PETITION_KEYS
from campaign.storyteller_register import ENTRY_KEYS
from campaign.validation import KNOWN_KEYS
from helpers import ROOT

GUIDE = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
TABLE_KEY = re.compile(r"^\| `([A-Za-z_-]+)` \|", re.M)


def section(heading: str) -> str:
    start = GUIDE.index(heading)
    following = GUIDE.find("\n## ", start + len(heading))
    return GUIDE[start : following if following != -1 else len(GUIDE)]


def table_holding(first_key: str) -> str:
    """The Markdown table whose rows include `| `first_key` |`."""
    start = GUIDE.index(f"| `{first_key}` |")
    top = GUIDE.rfind("\n\n", 0, start)
    bottom = GUIDE.find("\n\n", start)
    return GUIDE[top:bottom]


def documented(text: str) -> set[str]:
    return {key.lower() for key in TABLE_KEY.findall(text)}


def test_every_header_key_is_in_the_header_tables_and_no_other():
    assert documented(section("## 2. The header")) == KNOWN_KEYS


def test_every_petition_key_is_in_the_petition_table_and_no_other():
    assert documented(table_holding("Goal")) == PETITION_KEYS


def test_every_fact_key_is_in_the_fact_table_and_no_other():
    assert documented(table_holding("label")) == FACT_KEYS


def test_every_key_a_fact_may_say_in_another_language_is_in_its_table_and_no_other():
    assert documented(section("### Facts in other languages")) == set(WORDING_KEYS)


def test_every_register_key_is_in_the_guides_register_example_and_no_other():
    example = section("### The storyteller register") if "### The storyteller register" in GUIDE else GUIDE
    block = re.search(r"```yaml\nst-0142:\n(.*?)```", example, re.S).group(1)
    assert set(re.findall(r"^  ([a-z_]+):", block, re.M)) == ENTRY_KEYS


def test_the_guide_check_can_fail():
    """The tables are read for real: a key missing from a table is noticed."""
    assert documented("| `Title` | every file |\n| `Quote` | testimonies |") == {"title", "quote"}
    assert documented(section("## 2. The header")) != KNOWN_KEYS | {"rating"}
