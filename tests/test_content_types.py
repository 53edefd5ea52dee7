"""Content types come from one registry, CAMPAIGN["types"], and the
storyteller rules follow the `worker_stories` flag of an entry, never the
folder name `testimonies`: a union may call its worker stories `stories`, and
add a type (`statements`) that holds none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    MINIMAL_FACTS,
    OPEN_PETITION,
    ROOT,
    build_site,
    fixture_env,
    minimal_content,
    page,
    run_pelican,
    text_of,
    words_found,
    write_files,
    write_settings,
)

# A union that renamed its testimonies: the default `testimonies` type removed,
# `stories` in its place with the flag.
STORIES = {
    "testimonies": None,
    "stories": {"name": "Stories", "singular": "Story", "worker_stories": True, "home": "stories"},
}
# A type of statements by the local's officers: no worker stories in it.
STATEMENTS = {"statements": {"name": "Statements", "singular": "Statement"}}

# The made-up teller of the anonymous story below; the register holds the name.
REGISTER = """
st-0001:
  name: Corvina Ashdown-Belle
  contact: "Text only, evenings"
  consent: 2026-09-12
  scope: [web, feed, print]
  consent_record: "Signed form in the test's own imagination"
"""

STORY_FILES = {
    "facts.yml": MINIMAL_FACTS,
    "petitions/caseload-cap.md": OPEN_PETITION,
    "pages/about.md": "Title: About\n\nAbout the local.\n",
    "stories/the-long-drive.md": """
        Title: The long drive to the Ridgeback office
        Id: long-drive-0001
        Date: 2026-10-02
        Author: Odalys Penhallow
        Role: Home Visit Caseworker
        Workplace: Marrowfield County Family Services
        Quote: I spend more hours on the highway than with the families.
        Consent: 2026-09-20
        Category: Marrowfield County
        Tags: mileage, caseloads

        Every Tuesday I drive ninety miles for three visits of twenty minutes each.
        """,
    "stories/the-empty-waiting-room.md": """
        Title: The waiting room nobody staffs
        Id: waiting-room-0001
        Date: 2026-10-04
        Author: Bertil Quanstrom
        Role: Intake Clerk
        Workplace: Marrowfield County Family Services
        Quote: The bell rings and there is nobody left to answer it.
        Consent: 2026-09-22
        Category: Marrowfield County
        Tags: caseloads

        Since the spring there has been one clerk where there used to be four.
        """,
    "stories/quiet-teller.md": """
        Title: What the benefits line sounds like at closing time
        Id: quiet-teller-0001
        Date: 2026-10-06
        Anonymous: yes
        Storyteller: st-0001
        Role: Eligibility Worker
        Workplace: Tamsin Valley Benefits Office
        Quote: At five o'clock the queue on the phone is still forty callers long.
        Category: Tamsin Valley
        Tags: caseloads

        We log off with callers still waiting, and they call again the next morning.
        """,
    "updates/bargaining-round-one.md": """
        Title: Bargaining round one: the employer hears our numbers
        Id: round-one-0001
        Date: 2026-10-08
        Author: Bargaining Team
        Summary: The first session, and what we put on the table.
        Tags: caseloads

        We opened with the caseload survey.
        """,
    "updates/bargaining-round-two.md": """
        Title: Bargaining round two: a counter-proposal
        Id: round-two-0001
        Date: 2026-10-15
        Author: Bargaining Team
        Summary: The employer's answer, and ours.
        Tags: caseloads

        The employer offered a study; we asked for a cap.
        """,
}

BAD_STORY_FILES = {
    # No Role, no Quote, no Consent: line 1 is where the missing key belongs.
    "stories/no-role.md": """
        Title: Nobody told us the rota changed
        Id: no-role-0001
        Date: 2026-10-03
        Author: Ingeborg Talliver
        Category: Marrowfield County

        The rota was changed on a Friday evening.
        """,
    # Anonymous, but with no register id to say who told it.
    "stories/no-teller.md": """
        Title: A night with one radio between us
        Id: no-teller-0001
        Date: 2026-10-05
        Anonymous: yes
        Role: Night Shift Dispatcher
        Quote: One radio, four crews, and a county the size of a small country.
        Category: Marrowfield County

        We passed the radio from hand to hand.
        """,
    # Anonymous neither yes nor no, on line 5.
    "stories/unsure.md": """
        Title: I asked to stay unnamed, I think
        Id: unsure-0001
        Date: 2026-10-07
        Author: Fenwick Oduyemi-Thrale
        Anonymous: perhaps
        Role: Case Aide
        Quote: I was never sure who would read it.
        Consent: 2026-09-30

        Text of the story.
        """,
}


def union_settings(folder: Path, types: dict) -> Path:
    """A union's own settings file: the tests', with its own types."""
    return write_settings(folder / "unionconf.py", f"CAMPAIGN = {{**CAMPAIGN, 'types': {types!r}}}  # noqa: F405\n")


def invoke(*args, content: Path):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, **fixture_env(content)),
        timeout=300,
    )


def check(content: Path, settings: Path):
    return invoke("check", "--content", str(content), "--settings", str(settings), content=content)


def stories_campaign(folder: Path, extra: dict | None = None) -> Path:
    content = write_files(folder / "content", {**STORY_FILES, **(extra or {})})
    write_files(folder / "private", {"storytellers.yml": REGISTER})
    return content


# --- The registry itself ---------------------------------------------------


def test_types_merge_into_the_defaults_and_none_removes_one():
    from campaign.settings import campaign_settings, is_worker_stories, story_types

    added = campaign_settings({"CAMPAIGN": {"types": STATEMENTS}})
    assert list(added["types"]) == ["testimonies", "updates", "news", "statements"]
    assert story_types(added) == ["testimonies"]
    assert not is_worker_stories(added, "statements") and not is_worker_stories(added, None)
    renamed = campaign_settings({"CAMPAIGN": {"types": STORIES}})
    assert list(renamed["types"]) == ["updates", "news", "stories"]
    assert story_types(renamed) == ["stories"]
    # Read at each call, from the build's settings: the defaults are untouched.
    assert story_types(campaign_settings({})) == ["testimonies"]


def test_each_mistake_in_a_type_entry_is_a_problem_of_the_settings():
    from campaign.problems import Problems
    from campaign.settings import campaign_settings, type_problems

    problems = Problems()
    options = campaign_settings(
        {
            "CAMPAIGN": {
                "types": {
                    "statements": {"name": "Statements", "singular": "Statement", "worker_story": True},
                    "bulletins": "Bulletins",
                    "notices": {"name": "Notices"},
                }
            }
        }
    )
    type_problems(options, problems)
    assert [str(p) for p in problems.in_order()] == [
        'pelicanconf.py:1: CAMPAIGN["types"]["bulletins"] is not a dict (write it as '
        '{"name": "...", "singular": "..."}; known keys are name, singular, worker_stories, home, more)',
        'pelicanconf.py:1: CAMPAIGN["types"]["notices"] has no "singular" (each type needs a name '
        "(for navigation and listings) and a singular (for `invoke new`))",
        'pelicanconf.py:1: CAMPAIGN["types"]["statements"] has an unknown key "worker_story" '
        '(did you mean "worker_stories"? known keys are name, singular, worker_stories, home, more)',
    ]
    assert all(p.severity == "error" for p in problems)


def test_each_mistake_in_the_campaign_settings_is_a_problem_of_the_settings():
    from campaign.problems import Problems
    from campaign.settings import campaign_settings, settings_problems

    user = {
        "CAMPAIGN": {
            "feed_domian": "local77.example.org",
            "feeds": {"all_atom": "feeds/all.xml", "everything_rss": "feeds/all.rss"},
            "types": {"statements": {"name": "Statements", "singular": "Statement", "home": "front"}},
            "home_sections": {"stories": {"title": "Stories", "count": "six"}, "latest": {"count": 4}},
        }
    }
    problems = Problems()
    settings_problems(user, campaign_settings(user), problems)
    messages = [str(p) for p in problems.in_order()]
    assert messages == sorted(messages)  # in_order sorts them; the assertions below name each one
    for expected in (
        'pelicanconf.py:1: CAMPAIGN has an unknown key "feed_domian" (did you mean "feed_domain"? known keys are ',
        'pelicanconf.py:1: CAMPAIGN["feeds"] has an unknown key "everything_rss" (',
        'pelicanconf.py:1: CAMPAIGN["home_sections"]["latest"] has no title (',
        'pelicanconf.py:1: CAMPAIGN["home_sections"]["stories"] has count `six` (',
        'pelicanconf.py:1: CAMPAIGN["types"]["statements"] has home "front", which is not a home section '
        '(use one of "stories", "latest", or False',
    ):
        assert sum(m.startswith(expected) for m in messages) == 1, (expected, messages)
    assert len(messages) == 5
    # The project's own settings have none of these mistakes.
    clean = Problems()
    settings_problems({"CAMPAIGN": {"feed_domain": "x.example.org"}}, campaign_settings({}), clean)
    assert list(clean.in_order()) == []


# --- (a) worker stories in a folder of another name --------------------------


def test_stories_named_otherwise_get_every_storyteller_rule_in_check(tmp_path):
    content = stories_campaign(tmp_path, BAD_STORY_FILES)
    result = check(content, union_settings(tmp_path, STORIES))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    expected = [
        "stories/no-role.md:1: this testimony has no Role",
        "stories/no-role.md:1: this testimony has no Consent date",
        "stories/no-role.md:1: warning: this testimony has no Quote",
        "stories/no-teller.md:1: this anonymous story has no `Storyteller:`",
        "stories/unsure.md:5: Anonymous `perhaps` is neither yes nor no",
        # The register's teller is the only Eligibility Worker there: colleagues would know.
        "stories/quiet-teller.md:7: warning: this anonymous story's teller is the only published storyteller "
        "working as Eligibility Worker at Tamsin Valley Benefits Office",
        "stories/quiet-teller.md:9: warning: this anonymous story's teller is the only published storyteller "
        "from Tamsin Valley",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, result.stdout)
    assert "only has a meaning in worker-story types" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_stories_named_otherwise_build_with_related_stories_and_a_hidden_teller(tmp_path):
    content = stories_campaign(tmp_path)
    site = build_site(content, tmp_path / "out", CAMPAIGN={"types": STORIES})
    drive = page(site, "stories/the-long-drive-to-the-ridgeback-office/")
    related = [text_of(a) for a in drive.xpath("//ul[@class='related-list']//a")]
    assert related == [
        "What the benefits line sounds like at closing time",
        "The waiting room nobody staffs",
    ]
    # An update's related stories are worker stories only, never another update.
    update = page(site, "updates/bargaining-round-one-the-employer-hears-our-numbers/")
    related = [text_of(a) for a in update.xpath("//ul[@class='related-list']//a")]
    assert related == [
        "What the benefits line sounds like at closing time",
        "The waiting room nobody staffs",
        "The long drive to the Ridgeback office",
    ]
    # The testimony byline (the theme reads the flag too): name, Role, Workplace.
    assert text_of(drive.xpath("//p[@class='byline']")[0]) == (
        "Odalys Penhallow, Home Visit Caseworker, Marrowfield County Family Services"
    )
    # The anonymous story is published, its teller's name nowhere.
    quiet = page(site, "stories/what-the-benefits-line-sounds-like-at-closing-time/")
    assert quiet.xpath("//p[@class='byline']/span[@class='byline-anon']")
    assert words_found(site, ["Corvina", "Ashdown"]) == []
    # The renamed type replaced the default one, in the navigation too.
    nav = [text_of(a) for a in page(site, "").xpath("//nav[@aria-label='Main']//a")]
    assert "Stories" in nav and "Testimonies" not in nav
    assert not (site / "testimonies").exists()


# --- (b) a type without the flag ----------------------------------------------


def test_a_type_without_the_flag_takes_a_text_with_no_role_and_warns_of_a_role(tmp_path):
    content = minimal_content(
        tmp_path / "content",
        {
            "statements/budget.md": """
            Title: Our statement on the county budget
            Id: statement-budget-01
            Date: 2026-10-03
            Role: Chief Steward
            Summary: What the local says about the budget.

            The budget leaves caseloads where they are.
            """,
            "statements/staffing.md": """
            Title: Our statement on the staffing plan
            Id: statement-staff-01
            Date: 2026-10-09
            Summary: The plan hires nobody.

            We read the plan twice and found no new posts in it.
            """,
        },
    )
    settings = union_settings(tmp_path, STATEMENTS)
    result = check(content, settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "statements/budget.md:4: warning: `Role` only has a meaning in worker-story types "
        "(move this file to content/testimonies/ or remove the line)"
    ) in result.stdout.splitlines()
    statements = [line for line in result.stdout.splitlines() if line.startswith("statements/")]
    assert statements == [statements[0]], result.stdout  # no Quote, Consent or Role asked of them
    built = run_pelican(content, tmp_path / "out", settings)
    assert built.returncode == 0, built.stderr
    doc = page(tmp_path / "out", "statements/our-statement-on-the-county-budget/")
    assert text_of(doc.xpath("//h1")[0]) == "Our statement on the county budget"
    assert not doc.xpath("//*[@class='byline-role']")  # no testimony byline, whatever its Role says


# --- (c) invoke new for a type of the registry ----------------------------------


def test_new_writes_a_draft_for_a_type_the_settings_add(tmp_path):
    content = minimal_content(tmp_path / "content")
    settings = union_settings(tmp_path, {**STATEMENTS, **STORIES})
    made = invoke(
        "new", "statement", "On the new rota", "--content", str(content), "--settings", str(settings), content=content
    )
    assert made.returncode == 0, made.stderr
    path = content / "statements" / "on-the-new-rota.md"
    assert made.stdout.strip() == str(path)
    text = path.read_text()
    for line in ("Title: On the new rota", "Status: draft", "Author: Your name", "Summary: "):
        assert line in text, text
    for key in ("Role:", "Quote:", "Consent:", "Anonymous:"):
        assert key not in text, text
    # Published as it stands, the template's text is refused.
    path.write_text(text.replace("Status: draft", "Status: published"))
    refused = check(content, settings)
    assert refused.returncode == 1
    assert "statements/on-the-new-rota.md" in refused.stdout
    assert "the text still holds the template's instructions" in refused.stdout
    # A worker story of the renamed type gets a testimony's keys.
    story = invoke(
        "new",
        "story",
        "Three offices, one printer",
        "--named",
        "--content",
        str(content),
        "--settings",
        str(settings),
        content=content,
    )
    assert story.returncode == 0, story.stderr
    text = (content / "stories" / "three-offices-one-printer.md").read_text()
    for line in ("Role: Job title", "Quote: ", "Consent:", "Consent-Scope: web, feed, print", "Anonymous: no"):
        assert line in text, text
    # The project's own settings know no statements.
    unknown = invoke("new", "statement", "Another", "--content", str(content), content=content)
    assert unknown.returncode == 2 and "Unknown kind `statement`" in unknown.stderr


# --- (d) a mistake in a type entry -------------------------------------------


@pytest.mark.parametrize("command", ["pelican", "check"])
def test_an_unknown_key_in_a_type_entry_stops_with_a_clear_error(tmp_path, command):
    content = minimal_content(tmp_path / "content")
    types = {"statements": {"name": "Statements", "singular": "Statement", "worker_story": True}}
    settings = union_settings(tmp_path, types)
    expected = (
        f'{settings}:4: CAMPAIGN["types"]["statements"] has an unknown key "worker_story" '
        '(did you mean "worker_stories"? known keys are name, singular, worker_stories, home, more)'
    )
    if command == "pelican":
        result = run_pelican(content, tmp_path / "out", settings)
        output = result.stderr
    else:
        result = check(content, settings)
        output = result.stdout
    assert result.returncode != 0
    assert expected in output.splitlines(), output
    assert "Traceback" not in result.stdout + result.stderr


# --- what a union's settings and folders can get wrong -----------------------


def test_a_story_in_a_folder_no_type_reads_is_reported_not_lost(tmp_path):
    """After renaming its testimonies folder in the settings, a union's story
    left in the old folder would never be published: check says so."""
    content = stories_campaign(
        tmp_path, {"testimonies/left-behind.md": "Title: Left behind\nDate: 2026-10-01\n\nText.\n"}
    )
    result = check(content, union_settings(tmp_path, STORIES))
    assert (
        "testimonies/left-behind.md:1: warning: this file is in no folder the site reads, so it is never published"
        in result.stdout
    ), result.stdout
    assert "(did you mean stories/?)" in result.stdout  # the folder it was most likely meant for


def test_a_logo_that_is_not_in_the_content_folder_is_an_error(tmp_path):
    content = minimal_content(tmp_path / "content")
    settings = write_settings(
        tmp_path / "logoconf.py",
        "UNION_LOGO = 'images/mark.svg'\n",
    )
    result = check(content, settings)
    assert result.returncode == 1
    assert (
        f"{settings}:4: UNION_LOGO `images/mark.svg` is not a picture in the content folder's images/ folder "
        "(put the picture at content/images/mark.svg, or write UNION_LOGO = None for the name alone)"
    ) in result.stdout
    write_files(content, {"images/mark.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'})
    assert check(content, settings).returncode == 0


def test_a_translation_in_the_sites_own_language_is_an_error_not_a_crash(tmp_path):
    """On a Spanish site, a Spanish `Translation: yes` would be written over its
    original: check and the build both say where, without a traceback."""
    content = minimal_content(
        tmp_path / "content",
        {
            "testimonies/one-story-es.md": "Title: One story\nId: one-story-0001-es\nDate: 2026-10-01\n"
            "Author: Test Teller\nRole: Coordinadora\nQuote: Una frase.\nConsent: 2026-09-20\n"
            "Lang: es\nTranslation: yes\n\nTexto.\n",
        },
    )
    settings = write_settings(
        tmp_path / "spanishconf.py",
        "DEFAULT_LANG = 'es'\n",
    )
    expected = "testimonies/one-story-es.md:9: this translation is in `es`, the site's own language"
    checked = check(content, settings)
    assert checked.returncode == 1 and expected in checked.stdout, checked.stdout
    built = run_pelican(content, tmp_path / "out", settings)
    assert built.returncode != 0 and expected in built.stderr
    assert "Traceback" not in built.stderr
