"""One grammar for `[fact: …]` and `[petition: …]` (plugins/campaign/codes.py):
validation finds exactly the codes rendering meets, each with its line, and
reports every near miss (`[Fact: …]`, `[fact : …]`, `[fact: a b]`) as an
error with the code meant, in `check` and in the build alike."""

import sys
import textwrap

import pytest
from helpers import ROOT, minimal_content, page, run_pelican
from tasks_helpers import run_check

sys.path.insert(0, str(ROOT / "plugins"))
from campaign.frontmatter import parse_header  # noqa: E402
from campaign.markdown_ext import CodeFinder  # noqa: E402
from campaign.problems import Problems  # noqa: E402
from campaign.validation import check_body_tokens  # noqa: E402


class Registry(dict):
    """Stands in for facts.FactsRegistry and the petitions' registry."""

    broken: set = set()
    path = "facts.yml"

    def reported(self, item_id: str) -> bool:
        return item_id in self.broken


FACTS = Registry({"caseload-cap": object(), "signature-caseload": object()})
PETITIONS = Registry({"cap-open": object()})


def problems_in(body: str, header: str = "Title: A story\n") -> list[str]:
    problems = Problems()
    text = header + "\n" + textwrap.dedent(body).lstrip("\n")
    check_body_tokens("a.md", parse_header(text), FACTS, PETITIONS, problems)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    "written, expected",
    [
        ("[Fact: caseload-cap]", "`[Fact: caseload-cap]` is not a code: write `fact` in small letters"),
        ("[FACT: caseload-cap]", "`[FACT: caseload-cap]` is not a code: write `fact` in small letters"),
        ("[fact : caseload-cap]", "`[fact : caseload-cap]` is not a code: write `[fact:` with no spaces"),
        ("[ fact: caseload-cap]", "`[ fact: caseload-cap]` is not a code: write `[fact:` with no spaces"),
        ("[fact: caseload cap]", "`[fact: caseload cap]` is not a code: an id has no spaces"),
        ("[facts: caseload-cap]", "`[facts: caseload-cap]` is not a code: write `fact`, not `facts`"),
        ("[Facts: Caseload-Cap]", "`[Facts: Caseload-Cap]` is not a code: write `fact`, not `Facts`"),
    ],
)
def test_a_near_miss_is_an_error_with_the_code_meant(written, expected):
    assert problems_in(f"We carry {written} each.\n") == [f"a.md:3: {expected} (did you mean `[fact: caseload-cap]`?)"]


def test_near_misses_of_petitions_and_lists_and_empty_codes():
    assert problems_in(
        """
        Sign [Petition: cap-open] today.

        [petitions: cap open]

        Two ids, [fact: caseload-cap, signature-caseload], are two codes.

        [fact: ]
        """
    ) == [
        "a.md:3: `[Petition: cap-open]` is not a code: write `petition` in small letters "
        "(did you mean `[petition: cap-open]`?)",
        "a.md:5: `[petitions: cap open]` is not a code: write `petition`, not `petitions` "
        "(did you mean `[petition: cap-open]`?)",
        "a.md:7: `[fact: caseload-cap, signature-caseload]` is not a code: a code names one fact "
        "(did you mean `[fact: caseload-cap]` and `[fact: signature-caseload]`?)",
        "a.md:9: `[fact: ]` is not a code: it names no fact (write the fact's id after the colon, as in facts.yml)",
    ]


def test_spaces_around_the_id_are_free():
    assert problems_in("[fact:caseload-cap ] and [fact:   signature-caseload] and [petition:cap-open]\n") == []


def test_a_near_miss_or_an_unknown_id_in_code_or_a_link_is_text():
    assert (
        problems_in(
            """
            Write `[Fact: caseload-cap]` or ``[fact: your-fact-id]``.

                [fact : caseload-cap]

            ````
            ```
            [fact: caseload cap]
            ```
            ````

            <!-- [FACT: old-id] -->

            \\[fact: no-such-fact] and [Fact: caseload-cap](https://example.org/cap)
            and ![fact: no-such-fact](images/chart.png) and <https://example.org/[fact:no-such-fact]>.
            """
        )
        == []
    )


def test_a_code_shaped_link_reference_is_a_link():
    assert (
        problems_in(
            """
            The [fact: survey-2026] and the [results][fact: survey-2026] are links.

            [fact: survey-2026]: https://example.org/survey
            """
        )
        == []
    )


def test_each_code_has_its_own_line_in_lists_quotes_and_after_a_long_header():
    header = "Title: A story\nSummary: One sentence,\n    on two lines.\nTags: caseloads\n"
    assert problems_in(
        """
        - one [fact: caseload-kap]
        - two [Fact: caseload-cap]

        > A quote with [petition: cap-opn],
        > and [fact:
        > caseload-kap] across a line.

        `[fact: caseload-kap]` is text, and so is the same code in

            [fact: caseload-kap]

        but not here: [fact: caseload-kap].
        """,
        header,
    ) == [
        "a.md:6: unknown fact `caseload-kap` (did you mean `caseload-cap`?)",
        "a.md:7: `[Fact: caseload-cap]` is not a code: write `fact` in small letters "
        "(did you mean `[fact: caseload-cap]`?)",
        "a.md:9: unknown petition `cap-opn` (did you mean `cap-open`?)",
        "a.md:10: unknown fact `caseload-kap` (did you mean `caseload-cap`?)",
        "a.md:17: unknown fact `caseload-kap` (did you mean `caseload-cap`?)",
    ]


def test_the_finder_reads_with_the_sites_extensions():
    """Without `extra`, Markdown reads `<div markdown="1">` as raw HTML, so a
    code inside it is neither rendered nor reported; with it, it is both."""
    text = '<div markdown="1">\n[fact: no-such-fact]\n</div>\n'
    plain = CodeFinder(FACTS, PETITIONS, {"extensions": []})
    extra = CodeFinder(FACTS, PETITIONS, {"extension_configs": {"markdown.extensions.extra": {}}})
    assert plain.find(text) == []
    assert [(f.line, f.id) for f in extra.find(text)] == [(2, "no-such-fact")]


STORY = """
Title: Near misses
Id: near-misses-0001
Date: 2026-10-01
Author: Test Teller
Role: Program Coordinator
Workplace: Test Program
Quote: Sixty-five students, and a cap of forty-five.
Consent: 2026-09-20

We carry [Fact: signature-caseload] students each, against [fact : caseload-cap].

To place a fact, the guide writes `[fact: your-fact-id]`; ours is [fact: caseload cap].

Sign [petition: caseload-cap] and [Petition: caseload-cap].
"""
EXPECTED = [
    "testimonies/near-misses.md:10: `[Fact: signature-caseload]` is not a code: write `fact` in small letters "
    "(did you mean `[fact: signature-caseload]`?)",
    "testimonies/near-misses.md:10: `[fact : caseload-cap]` is not a code: write `[fact:` with no spaces "
    "(did you mean `[fact: caseload-cap]`?)",
    "testimonies/near-misses.md:12: `[fact: caseload cap]` is not a code: an id has no spaces "
    "(did you mean `[fact: caseload-cap]`?)",
    "testimonies/near-misses.md:14: `[Petition: caseload-cap]` is not a code: write `petition` in small letters "
    "(did you mean `[petition: caseload-cap]`?)",
]


def _problem_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip().startswith("testimonies/near-misses.md:")]


def test_check_reports_each_near_miss_with_its_line(tmp_path):
    content = minimal_content(tmp_path / "content", {"testimonies/near-misses.md": STORY})
    output = run_check(content)
    assert _problem_lines(output) == EXPECTED, output
    assert "Traceback" not in output
    assert "4 errors" in output


def test_the_build_stops_on_near_misses_and_prints_none(tmp_path):
    content = minimal_content(tmp_path / "content", {"testimonies/near-misses.md": STORY})
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode != 0
    assert _problem_lines(result.stderr) == EXPECTED, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out/testimonies/near-misses/index.html").exists()


def test_codes_in_code_links_and_images_build_as_written(tmp_path):
    """What validation used to refuse: the guide's example in backticks, a
    code in link text, an image's description and an address."""
    story = STORY.split("\n\n")[0] + textwrap.dedent(
        """

        Write `[fact: your-fact-id]` on a line of its own, or in a sentence: [fact: caseload-cap].

        Read [fact: signature-caseload](https://example.org/survey) and
        <https://example.org/search?q=[fact:caseload-cap]>.
        """
    )
    content = minimal_content(tmp_path / "content", {"testimonies/near-misses.md": story})
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    body = page(tmp_path / "out", "testimonies/near-misses/")
    html = "".join(body.itertext())
    assert "[fact: your-fact-id]" in html and "45 students" in html
    links = {a.get("href"): a.text_content() for a in body.iter("a")}
    assert links["https://example.org/survey"] == "fact: signature-caseload"
    assert (
        links["https://example.org/search?q=[fact:caseload-cap]"] == "https://example.org/search?q=[fact:caseload-cap]"
    )
