"""Golden tests: each `golden/cases/NAME.md` renders to `golden/cases/NAME.html`.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate
change, then read the diff before committing it.
"""

import os
import sys
from pathlib import Path

import markdown
import pytest
from helpers import ROOT, TODAY

sys.path.insert(0, str(ROOT / "plugins"))
from campaign.campaign import load_campaign  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted((GOLDEN / "cases").glob("*.md"))


@pytest.fixture(scope="module")
def campaign():
    settings = {
        "PATH": str(GOLDEN / "content"),
        "THEME": str(ROOT / "theme"),  # its catalogs hold the words of every language
        "CAMPAIGN": {"today": TODAY},
        "DEFAULT_LANG": "en",
        "MARKDOWN": {"extensions": ["markdown.extensions.extra"]},
    }
    loaded = load_campaign(settings)
    # The past-deadline petition is the only thing worth a warning here.
    assert [p.message for p in loaded.problems] == [
        "petition `past-deadline` is marked open but its deadline 2026-11-01 has passed"
    ]
    return loaded


def render(campaign, text):
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.meta", campaign.markdown_extension()],
        output_format="html5",
    )
    return md.convert(text) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(campaign, case):
    expected_path = case.with_suffix(".html")
    actual = render(campaign, case.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


def test_every_form_has_a_golden_case():
    names = {c.stem for c in CASES}
    assert {
        "callout-comparison",
        "callout-plain",
        "callout-percent",
        "callout-text-value",
        "inline-fact",
        "petition-open",
        "petition-won",
        "petition-closed",
        "petition-past-deadline",
        "petition-inline",
    } <= names


def test_extension_keeps_the_sites_own_extensions(tmp_path):
    """The plugin merges into MARKDOWN and is there exactly once."""
    from campaign.markdown_ext import CampaignExtension
    from helpers import minimal_content

    content = minimal_content(
        tmp_path / "content",
        {
            "testimonies/one-story.md": """
        Title: One story
        Date: 2026-10-01
        Role: Coordinator
        Consent: 2026-09-20

        | a | b |
        |---|---|
        | 1 | 2 |

        [fact: caseload-cap]
        """
        },
    )
    settings_markdown = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
    from helpers import settings_for
    from pelican import Pelican

    settings = settings_for(content, tmp_path / "out", MARKDOWN=settings_markdown)
    pelican = Pelican(settings)
    pelican.run()
    pelican.run()  # a second build, as autoreload does
    extensions = settings["MARKDOWN"]["extensions"]
    assert sum(isinstance(e, CampaignExtension) for e in extensions) == 1
    assert "markdown.extensions.extra" in extensions
    html = (tmp_path / "out/testimonies/one-story/index.html").read_text()
    assert "<table>" in html  # `extra` still works
    assert 'class="fact"' in html
