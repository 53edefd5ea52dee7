"""The project's own content/ is the union's: the suite never asserts on it.
It is covered by `check`, and the suite must stay green when it is replaced."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from helpers import PROJECT_CONTENT, ROOT, SETTINGS_ENV, write_files

# `invoke` as a union runs it: with the union's own pelicanconf.py, on the
# real date (its stories are dated after any day the tests pin).
UNION_ENV = {k: v for k, v in os.environ.items() if k not in {*SETTINGS_ENV, "CAMPAIGN_TODAY"}}

# A union's own choices, appended to the copy's pelicanconf.py: another name
# and colour, no logo, Spanish as the site's language, and its worker stories
# in a folder of its own name.
UNION_SETTINGS = """
SITENAME = "Seccional 77"
UNION_NAME = "Sindicato de Trabajadoras Sociales, Seccional 77"
UNION_TAGLINE = "Cargas de trabajo humanas."
UNION_LOGO = None
BRAND_COLOUR = "#1d4f9b"
DEFAULT_LANG = "es"
CANONICAL_SITEURL = "https://seccional77.example.org"
CAMPAIGN = {
    "feed_domain": "seccional77.example.org",
    "register_required": False,
    "types": {
        "testimonies": None,
        "historias": {"name": "Historias", "singular": "Historia", "worker_stories": True, "home": "stories"},
    },
}
"""

MINIMAL_UNION = {
    "facts.yml": "cap:\n  label: families per worker, the cap we ask for\n  value: 12\n  source: Our proposal\n",
    "petitions/cap.md": "Title: Cap caseloads\nUrl: https://sign.example.org/cap\nGoal: 100\nSignatures: 10\n"
    "Deadline: 2027-03-31\nStatus: open\nSummary: A cap of 12.\n\nWe ask for [fact: cap].\n",
    "historias/mi-turno.md": "Title: Mi turno de noche\nId: mi-turno-0001\nDate: 2026-10-01\nLang: es\n"
    "Author: Dolores Quintanilla\nRole: Trabajadora social\nWorkplace: Condado Norte\nQuote: Otra noche sola.\n"
    "Consent: 2026-09-20\nPetition: cap\n\nOtra noche sola en la oficina.\n",
    "news/launch.md": "Title: We launched\nId: launch-0001\nDate: 2026-10-02\nLang: en\nSummary: The campaign begins.\n\n"
    "The campaign begins today.\n",
    "pages/about.md": "Title: About\n\nAbout the local.\n",
}


def test_the_projects_own_content_passes_check_and_builds(tmp_path):
    """The union's content with the union's settings: `check` finds nothing,
    and the preview builds (no test asserts what it holds: it is theirs)."""
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=ROOT, capture_output=True, text=True, env=UNION_ENV, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"in {PROJECT_CONTENT}" in result.stdout
    built = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=UNION_ENV,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert (tmp_path / "out/index.html").is_file()


@pytest.mark.timeout(1800)  # it runs the rest of the suite once more
def test_the_suite_stays_green_when_a_union_replaces_content(tmp_path):
    """A copy of the project with another campaign in content/ and the union's
    own settings (name, language, a renamed type): check reports that
    campaign's own problems, and the whole suite still passes there."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    project = tmp_path / "project"
    for relative in (name for name in listed.decode().split("\0") if name):
        if relative.startswith("content/") or not (ROOT / relative).is_file():
            continue
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    write_files(project / "content", MINIMAL_UNION)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(UNION_SETTINGS)
    env = UNION_ENV
    checked = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 3 files" in checked.stdout
    # Its own problems, under its own settings: a bad date, and a story in its
    # renamed worker-story folder with no consent.
    bad_date = project / "content/news/bad.md"
    bad_date.write_text("Title: Bad\nDate: someday\n\nText.\n")
    no_consent = project / "content/historias/sin-consentimiento.md"
    no_consent.write_text(
        "Title: Sin fecha\nId: sin-0001\nDate: 2026-10-03\nAuthor: Ana Quiroga\nRole: Coordinadora\n\nTexto.\n"
    )
    reported = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    assert reported.returncode != 0
    assert "news/bad.md:2: Date `someday` is not a date" in reported.stdout
    assert "historias/sin-consentimiento.md:1: this testimony has no Consent date" in reported.stdout
    bad_date.unlink()
    no_consent.unlink()
    # The whole suite, this test aside: nothing in it may lean on the sample.
    suite = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--deselect",
            "tests/test_own_content.py::test_the_suite_stays_green_when_a_union_replaces_content",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert suite.returncode == 0, suite.stdout[-3000:]
    summary = suite.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and not re.search(r"\d+ (failed|error)", summary), summary
