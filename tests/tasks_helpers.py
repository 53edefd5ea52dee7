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
