"""The project's own content/ is the union's: the suite never asserts on it.
It is covered by `check`, and the suite must stay green when it is replaced."""

import os
import shutil
import subprocess
import sys

import pytest
from helpers import PROJECT_CONTENT, ROOT, TODAY, write_files

MINIMAL_UNION = {
    "facts.yml": "cap:\n  label: families per worker, the cap we ask for\n  value: 12\n  source: Our proposal\n",
    "petitions/cap.md": "Title: Cap caseloads\nUrl: https://sign.example.org/cap\nGoal: 100\nSignatures: 10\n"
    "Deadline: 2027-03-31\nStatus: open\nSummary: A cap of 12.\n\nWe ask for [fact: cap].\n",
    "testimonies/mi-turno.md": "Title: Mi turno de noche\nId: mi-turno-0001\nDate: 2026-10-01\nLang: es\n"
    "Author: Dolores Quintanilla\nRole: Trabajadora social\nWorkplace: Condado Norte\nQuote: Otra noche sola.\n"
    "Consent: 2026-09-20\nPetition: cap\n\nOtra noche sola en la oficina.\n",
    "news/launch.md": "Title: We launched\nId: launch-0001\nDate: 2026-10-02\nSummary: The campaign begins.\n\n"
    "The campaign begins today.\n",
    "pages/about.md": "Title: About\n\nAbout the local.\n",
}


def test_the_projects_own_content_passes_check():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CAMPAIGN_TODAY": TODAY},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"in {PROJECT_CONTENT}" in result.stdout


@pytest.mark.timeout(1800)  # it runs the rest of the suite once more
def test_the_suite_stays_green_when_a_union_replaces_content(tmp_path):
    """A copy of the project with another campaign in content/: check reports
    that campaign's own problems, and the whole suite still passes there."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    project = tmp_path / "project"
    for relative in (name for name in listed.decode().split("\0") if name):
        if relative.startswith("content/") or not (ROOT / relative).is_file():
            continue
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    write_files(project / "content", MINIMAL_UNION)
    env = {**os.environ, "CAMPAIGN_TODAY": TODAY}
    checked = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 3 files" in checked.stdout
    bad = project / "content/news/bad.md"
    bad.write_text("Title: Bad\nDate: someday\n\nText.\n")
    assert (
        "news/bad.md:2: Date `someday` is not a date"
        in subprocess.run(
            [sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True, env=env, timeout=300
        ).stdout
    )
    bad.unlink()
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
    assert " passed" in suite.stdout and "failed" not in suite.stdout
