"""Golden tests: each `golden/cases/NAME.md` renders to `golden/cases/NAME.html`.

The two are compared as HTML trees (tags, attributes, text), not as strings,
so a change of serialization (attribute order, line breaks between blocks)
is no failure while every visible difference is, shown as a diff of the trees.

Cases named `not-*` are negative: text that looks like `[fact: id]` or
`[petition: id]` but is not one (code, escapes, links, text that is not meant
as a code). They must render as Markdown renders them without our syntax,
and must not make validation report anything. Near misses, meant as codes but
misspelled (`near-miss.md`), render as written too; validation reports each
of them (tests/test_codes.py). Where the code does not yet produce a case's
expected file, the case is in KNOWN_BUGS.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate
change, then read the diff before committing it. Cases in KNOWN_BUGS are
never rewritten.
"""

import difflib
import os
import re
import sys
from pathlib import Path

import lxml.html
import markdown
import pytest
from helpers import ROOT, TODAY

sys.path.insert(0, str(ROOT / "plugins"))
from campaign.campaign import load_campaign  # noqa: E402
from campaign.frontmatter import parse_header  # noqa: E402
from campaign.problems import Problems  # noqa: E402
from campaign.validation import check_body_tokens  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted((GOLDEN / "cases").glob("*.md"))
NEGATIVE = [c for c in CASES if c.stem.startswith("not-")]

# Negative cases the plugin gets wrong today, each with the bug (issue #14).
KNOWN_BUGS: dict[str, str] = {}
# Negative cases whose text validation wrongly reports as naming an unknown id.
VALIDATION_BUGS: dict[str, str] = {}


# --- HTML as a tree --------------------------------------------------------

# Elements inside a line of text: whitespace next to them is a visible space.
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
}  # fmt: skip
_SPACE = re.compile(r"\s+")


def _is_block(element) -> bool:
    return element is None or (isinstance(element.tag, str) and element.tag not in INLINE)


def _text(text, left_block, right_block, keep):
    """Text as a reader sees it: runs of whitespace are one space, and none
    at all next to a block's edge. Inside <pre>, exactly as written."""
    if not text:
        return None
    if keep:
        return text
    text = _SPACE.sub(" ", text)
    if left_block:
        text = text.lstrip()
    if right_block:
        text = text.rstrip()
    return text or None


def _lines(element, depth=0, keep=False):
    pad = "  " * depth
    keep = keep or element.tag == "pre"
    children = list(element)
    if not isinstance(element.tag, str):  # a comment or processing instruction
        yield f"{pad}<!--{_SPACE.sub(' ', element.text or '').strip()}-->"
    else:
        attributes = "".join(f' {k}="{_SPACE.sub(" ", v).strip()}"' for k, v in sorted(element.attrib.items()))
        yield f"{pad}<{element.tag}{attributes}>"
        text = _text(element.text, _is_block(element), _is_block(children[0] if children else element), keep)
        if text is not None:
            yield f"{pad}  {text!r}"
        for index, child in enumerate(children):
            yield from _lines(child, depth + 1, keep)
            after = children[index + 1] if index + 1 < len(children) else element
            tail = _text(child.tail, _is_block(child), _is_block(after), keep)
            if tail is not None:
                yield f"{pad}  {tail!r}"


def html_tree(markup: str) -> list[str]:
    """A fragment of HTML as a normalized tree, one node a line: each element
    with its attributes sorted, each text as a reader sees it, indented."""
    root = lxml.html.fragment_fromstring(markup, create_parent="fragment")
    return list(_lines(root))


def tree_difference(expected: str, actual: str) -> str:
    """Nothing when the two fragments are the same tree; otherwise a diff of the two trees."""
    want, got = html_tree(expected), html_tree(actual)
    if want == got:
        return ""
    return "\n".join(difflib.unified_diff(want, got, "expected", "actual", lineterm="", n=3))


def test_the_tree_comparison_reports_an_attribute_and_a_text():
    expected = '<p class="fact-compare">20 more than the cap of 45 (44% over)</p>'
    assert tree_difference(expected, '<p class="fact-compare">20 more than the cap of 45 (44% over)</p>') == ""
    difference = tree_difference(expected, '<p class="fact-label">20 fewer than the cap of 45 (44% over)</p>')
    assert difference.splitlines()[4:] == [
        '-  <p class="fact-compare">',
        "-    '20 more than the cap of 45 (44% over)'",
        '+  <p class="fact-label">',
        "+    '20 fewer than the cap of 45 (44% over)'",
    ]


def test_the_tree_comparison_ignores_serialization_but_not_visible_spaces():
    one = '<p class="a" id="b"><data value="65">65</data> <span>students</span></p>\n<p>next</p>'
    same = "<p id='b'   class='a'><data value=65>65</data>\n  <span>students</span></p><p>\n  next\n</p>"
    assert tree_difference(one, same) == ""
    run_together = '<p class="a" id="b"><data value="65">65</data><span>students</span></p><p>next</p>'
    assert "' '" in tree_difference(one, run_together)  # the space between 65 and students is lost
    assert tree_difference("<pre><code>a\n  b</code></pre>", "<pre><code>a\n b</code></pre>") != ""
    assert tree_difference("<p>a</p><p>b</p>", "<p>a</p>") != ""
    assert tree_difference("<p>a <em>b</em></p>", "<p>a <strong>b</strong></p>") != ""


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


def case_params(cases, bugs):
    return [
        pytest.param(
            c, id=c.stem, marks=[pytest.mark.xfail(strict=True, reason=bugs[c.stem])] if c.stem in bugs else []
        )
        for c in cases
    ]


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_BUGS))
def test_golden(campaign, case):
    expected_path = case.with_suffix(".html")
    actual = render(campaign, case.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN") and case.stem not in KNOWN_BUGS:
        expected_path.write_text(actual, encoding="utf-8")
    difference = tree_difference(expected_path.read_text(encoding="utf-8"), actual)
    assert not difference, f"{case.name} renders differently from {expected_path.name}:\n{difference}"


@pytest.mark.parametrize("case", case_params(NEGATIVE, VALIDATION_BUGS))
def test_a_negative_case_passes_validation(campaign, case):
    """Text that only looks like our syntax is not checked as if it were."""
    problems = Problems()
    check_body_tokens(
        case.name, parse_header(case.read_text(encoding="utf-8")), campaign.facts, campaign.petitions, problems
    )
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("case", NEGATIVE, ids=[c.stem for c in NEGATIVE])
def test_a_negative_cases_expected_html_has_no_callout(case):
    """The expected files themselves hold none of our markup."""
    root = lxml.html.fragment_fromstring(case.with_suffix(".html").read_text(encoding="utf-8"), create_parent="div")
    classes = {c for element in root.iter() for c in (element.get("class") or "").split()}
    assert not {c for c in classes if c.startswith(("fact", "petition"))}
    assert not root.findall(".//data")


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
        "not-code-span",
        "not-fenced-code",
        "not-indented-code",
        "not-escaped",
        "not-link-text",
        "not-malformed",
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
    assert 'data-fact="caseload-cap"' in html  # the callout
