"""Records read from YAML with the line of every id and field."""

import textwrap

from campaign.problems import Problems
from campaign.yamlmap import read_records

KEYS = {"label", "value", "unit", "source"}


def read(text):
    problems = Problems()
    records, broken = read_records(
        textwrap.dedent(text).lstrip("\n"),
        "facts.yml",
        problems,
        file_label="facts file",
        item="fact",
        known_keys=KEYS,
        required=("label", "value"),
    )
    return records, broken, [(p.line, p.message) for p in problems]


def test_records_fields_and_lines():
    records, broken, problems = read(
        """
        caseload-cap:
          label: students per coordinator, the cap we ask for
          value: 45
          unit: students

        referral-target:
          label: referrals per worker
          value: "12-14"
        """
    )
    assert problems == [] and broken == set()
    assert [(r.id, r.line) for r in records] == [("caseload-cap", 1), ("referral-target", 6)]
    assert records[0].fields == {
        "label": "students per coordinator, the cap we ask for",
        "value": 45,
        "unit": "students",
    }
    assert records[0].lines == {"label": 2, "value": 3, "unit": 4}
    assert records[1].fields["value"] == "12-14"  # quoted: text, not a subtraction


def test_a_record_written_twice_is_reported_with_the_first_line():
    records, _, problems = read(
        """
        caseload-cap:
          label: the cap
          value: 45
        caseload-cap:
          label: the cap again
          value: 50
        """
    )
    assert [r.fields["value"] for r in records] == [45]  # the first one is kept
    assert problems == [(4, "fact `caseload-cap` is defined twice (first on line 1)")]


def test_a_field_written_twice_keeps_the_first():
    records, _, problems = read(
        """
        caseload-cap:
          label: the cap
          value: 45
          value: 50
        """
    )
    assert records[0].fields["value"] == 45
    assert problems == [(4, "fact `caseload-cap` has `value` twice")]


def test_an_unknown_key_is_reported_and_dropped():
    records, _, problems = read(
        """
        caseload-cap:
          label: the cap
          value: 45
          sorce: Bargaining proposal
        """
    )
    assert "sorce" not in records[0].fields
    assert problems == [(4, "fact `caseload-cap` has an unknown key `sorce`")]


def test_a_missing_required_field_breaks_the_record():
    records, broken, problems = read(
        """
        caseload-cap:
          label: the cap
        signature-caseload:
          label: carried
          value: ""
        """
    )
    assert records == []
    assert broken == {"caseload-cap", "signature-caseload"}
    assert problems == [(1, "fact `caseload-cap` has no `value`"), (3, "fact `signature-caseload` has no `value`")]


def test_a_record_without_fields():
    records, broken, problems = read("caseload-cap: 45\n")
    assert records == [] and broken == {"caseload-cap"}
    assert problems == [(1, "fact `caseload-cap` must have indented fields")]


def test_a_list_at_the_top_is_not_records():
    records, _, problems = read("- caseload-cap\n- signature-caseload\n")
    assert records == []
    assert problems == [(1, "facts file must map each fact id to its fields")]


def test_invalid_yaml_is_reported_with_its_line():
    records, _, problems = read(
        """
        caseload-cap:
          label: the cap: 45 students
          value: 45
        """
    )
    assert records == []
    assert [line for line, _ in problems] == [2]
    assert problems[0][1].startswith("facts file is not valid YAML")


def test_an_empty_file_has_no_records():
    assert read("") == ([], set(), [])
    assert read("# only a comment\n") == ([], set(), [])


def test_ids_that_yaml_reads_as_numbers_or_dates_are_text():
    records, _, _ = read(
        """
        2026:
          label: a year
          value: 1
        2026-09-15:
          label: a day
          value: 2
        """
    )
    assert [r.id for r in records] == ["2026", "2026-09-15"]
