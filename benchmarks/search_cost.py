"""What the search index adds to a build: the same N generated stories built
with search (as shipped) and with `CAMPAIGN["search"] = False`, alternating,
cold (no content cache, empty output) and warm (the cache filled by a build,
then one story changed). Prints medians with their ranges, the index's own
time as the build reports it, the bundle's size and the machine's load.

    .venv/bin/python benchmarks/search_cost.py --n 1000 --repeat 3
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
from pathlib import Path

from bench import ROOT, SETTINGS, WORK, timed_build
from generate import generate

# Each build's overrides go after one `-e`: a second `-e` replaces the first's.
COLD = ["CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]


def without_search() -> list[str]:
    """A setting replaces CAMPAIGN whole: the benchmark's own, with search off."""
    from pelican.settings import read_settings

    campaign = {**read_settings(str(SETTINGS)).get("CAMPAIGN", {}), "search": False}
    return [f"CAMPAIGN={json.dumps(campaign)}"]


def index_seconds(stderr: str) -> float:
    match = re.search(r"Search index: .*? in ([0-9.]+) s", stderr)
    if not match:
        raise SystemExit("the build did not report its search index:\n" + stderr[-2000:])
    return float(match.group(1))


def warm(content: Path, work: Path, extra: list[str]):
    """A build that fills the content cache, then one after a story changed."""
    cache = work / "cache-search"
    shutil.rmtree(cache, ignore_errors=True)
    cached = ["-e", *extra, "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{cache}"']
    timed_build(content, work / "out-warm", SETTINGS, cached)
    changed = sorted((content / "testimonies").glob("*.md"))[0]
    text = changed.read_text()
    changed.write_text(text + "\nOne more sentence, added for the warm rebuild.\n")
    try:
        return timed_build(content, work / "out-warm", SETTINGS, cached, keep=True)
    finally:
        changed.write_text(text)


def search_cost(count: int = 1000, repeat: int = 3) -> dict:
    work = WORK / str(count)
    work.mkdir(parents=True, exist_ok=True)
    content, _plain = generate(work, count)
    off = without_search()
    runs = {"cold_on": [], "cold_off": [], "warm_on": [], "warm_off": []}
    for _ in range(repeat):  # alternate, so drift in the machine hits both alike
        runs["cold_on"].append(timed_build(content, work / "out-search", SETTINGS, ["-e", *COLD]))
        runs["cold_off"].append(timed_build(content, work / "out-nosearch", SETTINGS, ["-e", *COLD, *off]))
        runs["warm_on"].append(warm(content, work, []))
        runs["warm_off"].append(warm(content, work, off))
    bundle = work / "out-search" / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    result = {
        "n": count,
        "repeat": repeat,
        "bundle_files": len(files),
        "bundle_bytes": sum(p.stat().st_size for p in files),
        "index_s": [index_seconds(r.stderr) for r in runs["cold_on"] + runs["warm_on"]],
        # Which builds indexed: what tells the two settings apart.
        "indexed": {name: all("Search index:" in r.stderr for r in measured) for name, measured in runs.items()},
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "cores": os.cpu_count(),
    }
    for name, measured in runs.items():
        walls = [r.wall for r in measured]
        result[name] = (statistics.median(walls), min(walls), max(walls))
        result[name + "_cpu"] = statistics.median(r.cpu for r in measured)
    return result


def report(r: dict) -> str:
    def cell(key):
        median, low, high = r[key]
        return f"{median:.2f} ({low:.2f}–{high:.2f})"

    lines = [
        f"N={r['n']:,}, medians of {r['repeat']} alternating runs (range), {r['cores']} cores; {r['uptime']}",
        "",
        "| build | with search s | without search s | search adds | CPU s with / without |",
        "|---|---|---|---|---|",
    ]
    for kind, label in (("cold", "cold (no content cache)"), ("warm", "warm (one story changed)")):
        on, off = r[f"{kind}_on"][0], r[f"{kind}_off"][0]
        lines.append(
            f"| {label} | {cell(kind + '_on')} | {cell(kind + '_off')} | {on - off:+.2f} s ({(on - off) / off:+.1%}) | "
            f"{r[kind + '_on_cpu']:.2f} / {r[kind + '_off_cpu']:.2f} |"
        )
    index = r["index_s"]
    lines += [
        "",
        f"Pagefind's own run, as the build reports it: median {statistics.median(index):.2f} s "
        f"({min(index):.2f}–{max(index):.2f}); the rest of the difference is the privacy gate reading the bundle. "
        f"The bundle: {r['bundle_files']:,} files, {r['bundle_bytes'] / 1e6:.1f} MB.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.chdir(ROOT)
    print(report(search_cost(args.n, args.repeat)))
