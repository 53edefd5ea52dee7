"""Publishing safely: which folders may be replaced, swapping in a new site in
one step, and deploying it with rsync or ghp-import."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from campaign.folders import output_folder_problem


class UnsafeOutputFolder(Exception):
    pass


def check_output_folder(output: Path, content: Path, repo_root: Path):
    """Publishing replaces the output folder whole: the same rule the build
    applies (campaign.folders), with the project folder protected too."""
    problem = output_folder_problem(output, content, {repo_root: "the project folder"})
    if problem:
        raise UnsafeOutputFolder(problem)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange_folders(a: Path, b: Path):
    """Swap two folders in one atomic step (Linux renameat2). Elsewhere, two
    renames in a row, undone if the second fails."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
            if result == 0:
                return
    aside = b.with_name(b.name + ".previous")
    os.replace(b, aside)
    try:
        os.replace(a, b)
    except OSError:
        os.replace(aside, b)
        raise
    os.replace(aside, a)


def fresh_folder(output: Path) -> Path:
    """A new, empty folder beside `output` to build into (on the same disk, so
    it can be swapped in at once). What an interrupted earlier run left there
    is removed first: each one more than a quarter of an hour old, so a build
    still going on in another window keeps its folder."""
    output.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{output.name}-new-"
    for leftover in output.parent.glob(prefix + "*"):
        if leftover.is_dir() and not leftover.is_symlink() and time.time() - leftover.stat().st_mtime > 15 * 60:
            shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=output.parent))


def swap_in(fresh: Path, output: Path, discard=None):
    """Make `fresh` the output folder in one step: the old folder stays whole
    until the new one takes its place. Then the old site is removed, or
    handed to `discard` (a live preview removes it while it goes on)."""
    if output.exists():
        exchange_folders(fresh, output)  # atomic on Linux; fresh now holds the old site
        (discard or (lambda old: shutil.rmtree(old, ignore_errors=True)))(fresh)
    else:
        os.replace(fresh, output)


def deploy(target: str, site: Path, settings: dict, dry_run: bool, say=print) -> str:
    """Put `site` online; says where it went ("" when there is no target)."""
    target = (target or "none").lower()
    if target == "none":
        return ""
    if target == "rsync":
        destination = settings.get("DEPLOY_RSYNC_TARGET")
        if not destination:
            raise SystemExit("Set DEPLOY_RSYNC_TARGET in publishconf.py (user@host:/path/ or a local folder).")
        # --checksum: every build writes every file anew, so times always
        # differ; comparing contents sends, and lists, only what changed.
        command = ["rsync", "--archive", "--checksum", "--compress", "--delete", "--itemize-changes", "-e", "ssh"]
        if dry_run:
            command.append("--dry-run")
        command += [f"{site}/", destination]
        say(("Would run: " if dry_run else "Running: ") + shlex.join(command))
        subprocess.run(command, check=True)
        return f"with rsync to {destination}"
    if target == "github":
        remote = settings.get("DEPLOY_GITHUB_REMOTE", "origin")
        branch = settings.get("DEPLOY_GITHUB_BRANCH", "gh-pages")
        command = [
            sys.executable,
            "-m",
            "ghp_import",
            "--no-jekyll",
            "--message",
            "Publish the campaign site",
            "--branch",
            branch,
            "--remote",
            remote,
            "--push",
            "--force",
            str(site),
        ]
        if dry_run:
            say("Would run: " + shlex.join(command))
            return ""
        say("Running: " + shlex.join(command))
        subprocess.run(command, check=True)
        return f"to the {branch} branch of {remote}"
    raise SystemExit(f"Unknown deploy target `{target}`: use none, rsync or github.")
