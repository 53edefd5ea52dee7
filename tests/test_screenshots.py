"""`invoke screenshots`: small PNGs of a story on a phone and on a desktop,
for the README. (The browser tests save a screenshot of every page type, at
both sizes, into test-output/screenshots/, as artifacts.)"""

import os
import re
import subprocess
import sys

import pytest
from browser import require_chromium
from helpers import ROOT, SHOWCASE, SHOWCASE_PAGES, fixture_env
from PIL import Image

LIMIT = 150 * 1024
SIZES = {"phone": (375, 812), "desktop": (1280, 800)}


def invoke(*args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600
    )


@pytest.mark.browser
def test_screenshots_of_the_newest_story_with_an_open_petition(tmp_path):
    require_chromium()
    result = invoke("screenshots", "--content", str(SHOWCASE), "--out", str(tmp_path), env_extra=fixture_env(SHOWCASE))
    assert result.returncode == 0, result.stdout + result.stderr
    # The showcase's newest testimony calls to sign an open petition.
    assert result.stdout.count(SHOWCASE_PAGES["testimony"]) == 2, result.stdout
    for name, size in SIZES.items():
        path = tmp_path / f"testimony-{name}.png"
        assert 0 < path.stat().st_size < LIMIT, path
        with Image.open(path) as shot:
            assert (shot.size, shot.mode) == (size, "P")
            assert len(shot.getcolors()) > 8  # a picture of a page, not a blank


@pytest.mark.browser
def test_screenshots_of_a_page_that_is_not_there_says_so(tmp_path):
    require_chromium()
    result = invoke(
        "screenshots", "--content", str(SHOWCASE), "--out", str(tmp_path), "--page", "testimonies/nowhere/",
        env_extra=fixture_env(SHOWCASE),
    )  # fmt: skip
    assert result.returncode == 2
    assert "testimonies/nowhere/ is not a page of the site" in result.stderr
    assert not list(tmp_path.glob("*.png"))


def test_the_readme_shows_the_committed_screenshots_and_they_are_small():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]+\]\((docs/screenshots/[^)]+\.png)\)", readme)
    assert sorted(shown) == [f"docs/screenshots/testimony-{name}.png" for name in sorted(SIZES)]
    for relative in shown:
        assert (ROOT / relative).stat().st_size < LIMIT, relative
