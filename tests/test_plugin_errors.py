"""Bad input stops plain `pelican` with every problem, its file, line and id."""

import pytest
from helpers import (
    MINIMAL_FACTS,
    OPEN_PETITION,
    SETTINGS_DIR,
    minimal_content,
    run_pelican,
    tree_digest,
    write_files,
)
from tasks_helpers import check_with_settings

STORY = """
Title: A story
Date: 2026-10-01
Role: Coordinator
Consent: 2026-09-20
{meta}
{body}
"""


def story(meta="", body="Plain text."):
    return STORY.format(meta=meta, body="\n" + body)


CASES = {
    "unknown fact in metadata": (
        {"testimonies/a.md": story("Facts: signature-caseload, no-such-fact")},
        "testimonies/a.md:5: unknown fact `no-such-fact` in Facts",
    ),
    "unknown fact in body": (
        {"testimonies/a.md": story(body="Line one.\n\nWe carry [fact: caseload-kap] each.")},
        "testimonies/a.md:9: unknown fact `caseload-kap` (did you mean `caseload-cap`?)",
    ),
    "unknown petition in metadata": (
        {"testimonies/a.md": story("Petition: no-such-petition")},
        "testimonies/a.md:5: unknown petition `no-such-petition` in Petition",
    ),
    "unknown petition in body": (
        {"news/a.md": story(body="[petition: cap]")},
        "news/a.md:7: unknown petition `cap`",
    ),
    "javascript petition url": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("https://sign.example.org/cap", "javascript:alert(1)")},
        "petitions/caseload-cap.md:2: petition `caseload-cap` has a Url that is not a web address: `javascript:alert(1)`",
    ),
    "petition without title": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("Title: Cap caseloads at 45\n", "")},
        "petitions/caseload-cap.md:1: petition `caseload-cap` has no Title",
    ),
    "petition without url": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("Url: https://sign.example.org/cap\n", "")},
        "petitions/caseload-cap.md:1: petition `caseload-cap` has no Url",
    ),
    "goal not a whole number": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("Goal: 2500", "Goal: 2.5k")},
        "petitions/caseload-cap.md:3: petition `caseload-cap` has a Goal that is not a whole number: `2.5k`",
    ),
    "signatures not a whole number": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("Signatures: 1840", "Signatures: lots")},
        "petitions/caseload-cap.md:4: petition `caseload-cap` has a Signatures that is not a whole number: `lots`",
    ),
    "unknown status": (
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("Status: open", "Status: pending")},
        "petitions/caseload-cap.md:6: petition `caseload-cap` has Status `pending` (use one of: open, won, closed (or draft while you write it))",
    ),
    "duplicate fact id": (
        {"facts.yml": MINIMAL_FACTS + "caseload-cap:\n  label: again\n  value: 50\n"},
        "facts.yml:18: fact `caseload-cap` is defined twice (first on line 8)",
    ),
    "unknown compare_to": (
        {"facts.yml": MINIMAL_FACTS.replace("compare_to: caseload-cap", "compare_to: the-cap")},
        "facts.yml:5: fact `signature-caseload` compares to an unknown fact `the-cap`",
    ),
    "comparison of non-numbers": (
        {"facts.yml": MINIMAL_FACTS.replace("value: 45", 'value: "40-45"')},
        "facts.yml:5: fact `signature-caseload` compares `65` with `40-45`, and only numbers can be compared",
    ),
    "missing label": (
        {"facts.yml": MINIMAL_FACTS.replace("  label: students per coordinator, the cap we ask for\n", "")},
        "facts.yml:8: fact `caseload-cap` has no `label`",
    ),
    "missing value": (
        {"facts.yml": MINIMAL_FACTS.replace("  value: 45\n", "")},
        "facts.yml:8: fact `caseload-cap` has no `value`",
    ),
    "source_url not http": (
        {
            "facts.yml": MINIMAL_FACTS.replace(
                "  source: Caseload survey\n", "  source: Caseload survey\n  source_url: ftp://files.example.org/x\n"
            )
        },
        "facts.yml:7: fact `signature-caseload` has a source_url that is not a web address",
    ),
    "unknown fact key": (
        {"facts.yml": MINIMAL_FACTS.replace("  unit: students\n  compare_to", "  units: students\n  compare_to")},
        "facts.yml:4: fact `signature-caseload` has an unknown key `units`",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_stops_plain_pelican(tmp_path, name):
    files, expected = CASES[name]
    content = minimal_content(tmp_path / "content", files)
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    # Nothing was written for a site with errors.
    assert not (tmp_path / "out/index.html").exists()


def test_every_problem_is_reported_in_one_run(tmp_path):
    files = {}
    for name in (
        "unknown fact in body",
        "javascript petition url",
        "duplicate fact id",
        "unknown petition in metadata",
    ):
        files.update(CASES[name][0])
    files["news/a.md"] = files.pop("testimonies/a.md").replace("Role: Coordinator\nConsent: 2026-09-20\n", "")
    content = minimal_content(tmp_path / "content", files)
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if ": " in line and line.split(":")[1].isdigit()]
    assert any("unknown petition `no-such-petition`" in line for line in lines)
    assert any("javascript:alert(1)" in line for line in lines)
    assert any("defined twice" in line for line in lines)
    assert "3 errors" in result.stderr


def test_a_javascript_url_never_reaches_a_page(tmp_path):
    """The build stops before writing: the bad petition is never rendered, and
    the site already in the output folder is left as it was."""
    content = minimal_content(
        tmp_path / "content",
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("https://sign.example.org/cap", "javascript:alert(1)")},
    )
    output = write_files(tmp_path / "out", {"index.html": "<p>the site as it was</p>\n"})
    before = tree_digest(output)
    result = run_pelican(content, output)
    assert result.returncode == 1
    assert "petitions/caseload-cap.md:2:" in result.stderr and "javascript:alert(1)" in result.stderr
    assert tree_digest(output) == before


UNION_SETTINGS_MISTAKES = """import sys
sys.path.insert(0, {settings_dir!r})
from testsite import *

BRAND_COLOUR = "red"
CAMPAIGN = {{
    **CAMPAIGN,
    "feed_domian": "x.example.org",
    "types": {{
        "stories": {{
            "name": "Stories",
            "singulr": "Story",
            "home": "nowhere",
        }},
    }},
}}
"""


def test_a_settings_mistake_names_the_file_and_line_that_wrote_it(tmp_path):
    """Settings can live in any file importing another: each problem points at
    the line to change in the file that wrote it, from `check` and the build."""
    settings = tmp_path / "union.py"
    settings.write_text(UNION_SETTINGS_MISTAKES.format(settings_dir=str(SETTINGS_DIR)))
    content = minimal_content(tmp_path / "content")
    built = run_pelican(content, tmp_path / "out", settings)
    checked = check_with_settings(content, settings)
    expected = [
        f"{settings}:5: BRAND_COLOUR `red` is not a colour",
        f'{settings}:8: CAMPAIGN has an unknown key "feed_domian" (did you mean "feed_domain"?',
        f'{settings}:10: CAMPAIGN["types"]["stories"] has no "singular"',
        f'{settings}:12: CAMPAIGN["types"]["stories"] has an unknown key "singulr" (did you mean "singular"?',
        f'{settings}:13: CAMPAIGN["types"]["stories"] has home "nowhere", which is not a home section',
    ]
    for result in (built, checked):
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert [line for line in expected if line not in output] == [], output
        assert "pelicanconf.py:1" not in output and "Traceback" not in output
