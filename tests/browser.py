"""Headless Chromium from Debian, driven by Playwright, over a site served on
127.0.0.1. Never downloads a browser."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One browser setup and one server, for the tests and for `invoke screenshots`.
from tools.screenshots import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402, F401

ON_CI = os.environ.get("CI", "").lower() == "true"
OUTPUT = ROOT / "test-output"


def require_chromium():
    """Skip loudly on a developer's machine without Chromium; fail under CI."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install Debian's package with "
        "`apt-get install chromium` to run the browser tests"
    )
    if ON_CI:
        pytest.fail("CI=true and " + message)
    pytest.skip("SKIPPING BROWSER TESTS: " + message)
