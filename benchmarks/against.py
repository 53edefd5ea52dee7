"""Is this checkout slower than another revision? `invoke bench --against REV`.

The same generated campaign is built by both versions of the project (the
other one checked out in a temporary git worktree, run with this venv's
Python), alternating so that drift in the machine hits both alike: cold
builds (no content cache, no compiled templates) compared with cold builds,
and rebuilds after one story changed (cache warm) with rebuilds. Medians,
ranges and the load average go on top of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench import ROOT, WORK, Run, record, timed_build
from generate import generate

# More than this much slower, in the median of the cold builds, is a slowdown
# worth a look; smaller differences are within this machine's run-to-run noise.
SLOWDOWN_TARGET = 0.05


def empty_cache(project: Path):
    shutil.rmtree(project / ".cache", ignore_errors=True)
    (project / ".cache" / "jinja").mkdir(parents=True, exist_ok=True)


def compare(revision: str, count: int, repeat: int) -> dict:
    work = WORK / f"against-{count}"
    work.mkdir(parents=True, exist_ok=True)
    content, _ = generate(work, count)
    changed = sorted((content / "testimonies").glob("*.md"))[0]
    original = changed.read_text(encoding="utf-8")
    other = Path(tempfile.mkdtemp(prefix="bench-against-")) / "project"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), revision], check=True)
    versions = {"this checkout": ROOT, revision: other}
    cold: dict[str, list[Run]] = {name: [] for name in versions}
    warm: dict[str, list[Run]] = {name: [] for name in versions}
    # Each version's own benchmark settings; a revision from before they
    # existed builds with its pelicanconf.py, which then held the same defaults.
    settings = {
        name: next(p for p in (project / "benchmarks/benchconf.py", project / "pelicanconf.py") if p.exists())
        for name, project in versions.items()
    }
    try:
        for _ in range(repeat):
            for name, project in versions.items():
                empty_cache(project)
                output = work / f"out-{'this' if project == ROOT else 'other'}"
                cold[name].append(timed_build(content, output, settings[name], cwd=project))
                changed.write_text(original + "\nOne more line.\n", encoding="utf-8")
                warm[name].append(timed_build(content, output, settings[name], cwd=project, keep=True))
                changed.write_text(original, encoding="utf-8")
    finally:
        changed.write_text(original, encoding="utf-8")
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
        empty_cache(ROOT)
    result = {"n": count, "repeat": repeat, "revision": revision, "load": os.getloadavg()[0]}
    for kind, runs in (("cold", cold), ("warm", warm)):
        for name, measured in runs.items():
            walls = [r.wall for r in measured]
            result[(kind, name)] = (statistics.median(walls), min(walls), max(walls))
            result[(kind, name, "cpu")] = statistics.median(r.cpu for r in measured)
            result[(kind, name, "peak")] = statistics.median(r.peak_mb for r in measured)
    return result


def report(result: dict) -> str:
    revision = result["revision"]
    lines = [
        f"## {datetime.datetime.now():%Y-%m-%d %H:%M} · against {revision} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · load average at the end {result['load']:.2f}",
        "",
        "| N | build | this checkout s | "
        f"{revision} s | change | CPU s this / {revision} | peak MB this / {revision} | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, label in (("cold", "cold (empty cache)"), ("warm", "one story changed (cache warm)")):
        this, that = result[(kind, "this checkout")], result[(kind, revision)]
        change = (this[0] - that[0]) / that[0]
        verdict = ("met" if change < SLOWDOWN_TARGET else "MISSED") if kind == "cold" else "—"
        lines.append(
            f"| {result['n']:,} | {label} | {this[0]:.2f} ({this[1]:.2f}–{this[2]:.2f}) | "
            f"{that[0]:.2f} ({that[1]:.2f}–{that[2]:.2f}) | {change:+.1%} | "
            f"{result[(kind, 'this checkout', 'cpu')]:.2f} / {result[(kind, revision, 'cpu')]:.2f} | "
            f"{result[(kind, 'this checkout', 'peak')]:.0f} / {result[(kind, revision, 'peak')]:.0f} | "
            f"{'< ' + format(SLOWDOWN_TARGET, '.0%') + ' slower: ' + verdict if kind == 'cold' else verdict} |"
        )
    lines.append(
        f"\nMedians (and ranges) of {result['repeat']} alternating runs of each version on the same generated "
        "campaign, whole `pelican` processes with the privacy gate; both versions run with this venv's Python."
    )
    return "\n".join(lines) + "\n"


def main(revision: str, counts: list[int], repeat: int, write: bool = True) -> list[dict]:
    results = [compare(revision, count, repeat) for count in counts]
    text = "\n".join(report(r) for r in results)
    print(text)
    if write:
        record(text)
    return results


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("revision", help="a git revision to compare with, e.g. main~5 or a commit")
    parser.add_argument("--n", default="1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    main(args.revision, [int(x) for x in args.n.split(",")], args.repeat, write=not args.no_write)
