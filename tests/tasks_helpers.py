"""Run `invoke check` as a subprocess and return what it printed."""

import os
import subprocess
import sys

from helpers import ROOT, fixture_env


def run_check(content) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, **fixture_env(content)),
        timeout=300,
    )
    return result.stdout + result.stderr


def check_with_settings(content, settings) -> subprocess.CompletedProcess:
    """`invoke check` on `content` with a settings file of the test's own."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content), "--settings", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, **fixture_env(content)),
        timeout=300,
    )
