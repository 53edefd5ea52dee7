"""Every command of the project, written once. `make NAME` runs `invoke NAME`.

    invoke build        build the site with the development settings into output/
    invoke serve        build, then serve it on http://127.0.0.1:8000
    invoke test         run the whole test suite
"""

import os
import shlex
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


def pelican(c, *args, **kwargs):
    command = [PYTHON, "-m", "pelican", *map(str, args)]
    return c.run(shlex.join(command), pty=False, **kwargs)


@task
def build(c, content="content", output=str(OUTPUT)):
    """Build the site with the development settings."""
    pelican(c, ROOT / content, "-s", DEV_SETTINGS, "-o", output, "--delete-output-directory")


@task(pre=[build])
def serve(c, port=PORT):
    """Build, then serve the site on http://127.0.0.1:8000 (Ctrl+C stops)."""
    print(f"Serving the site on http://{HOST}:{port}/ (press Ctrl+C to stop)")
    pelican(c, "-s", DEV_SETTINGS, "-o", OUTPUT, "--listen", "--bind", HOST, "--port", port)


@task(help={"args": "extra arguments for pytest, e.g. -k feeds"})
def test(c, args=""):
    """Run the whole test suite."""
    c.run(f"{shlex.quote(PYTHON)} -m pytest {args}", pty=False)
