"""What the campaign plugin and theme cost, against plain Pelican.

For each N, it generates N synthetic testimonies, then builds the same
stories two ways, alternating: the full project, and plain Pelican (default
theme, no plugin, callout lines removed). It reports medians of wall time,
CPU time and peak memory, the full/plain ratios, a warm-cache rebuild after
one file changed, and the bytes of a testimony page and of the main feed.
Results go on top of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "RESULTS.md"
SETTINGS = HERE / "benchconf.py"  # the project as shipped, whatever a union set in pelicanconf.py


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stderr: str = ""


def timed_build(content: Path, output: Path, settings: Path, extra=(), cwd: Path = ROOT, keep=False) -> Run:
    """One `pelican` build in its own process, measured with wait4(); into an
    empty output folder unless `keep`."""
    if not keep:
        shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q", *extra]
    started = time.perf_counter()
    env = dict(os.environ, CAMPAIGN_REGISTER=str(content.parent / "private" / "storytellers.yml"))
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.PIPE, env=env)
        errors = process.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            out.seek(0)
            printed = out.read().decode(errors="replace")
            raise SystemExit(f"benchmark build failed ({cwd}, {settings.name}):\n{printed}\n{errors}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, errors)


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def warm_rebuild(content: Path, work: Path) -> tuple[float, float]:
    """Cold build that fills Pelican's content cache, then a build after one
    file changed. Returns (cold wall, warm wall)."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    extra = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{cache}"']
    cold = timed_build(content, work / "out-cache", SETTINGS, extra)
    changed = sorted((content / "testimonies").glob("*.md"))[0]
    text = changed.read_text()
    changed.write_text(text + "\nOne more sentence, added for the warm rebuild.\n")
    try:
        warm = timed_build(content, work / "out-cache", SETTINGS, extra)
    finally:
        changed.write_text(text)
    return cold.wall, warm.wall


def page_bytes(site: Path) -> tuple[int, int]:
    from lxml import html as lxml_html

    story = next(p for p in sorted((site / "testimonies").glob("*/index.html")))
    total = story.stat().st_size
    for href in lxml_html.fromstring(story.read_bytes()).xpath("//link[@rel='stylesheet']/@href"):
        total += (story.parent / href).resolve().stat().st_size
    return total, (site / "feeds/all.atom.xml").stat().st_size


def bench(count: int, repeat: int) -> dict:
    work = WORK / str(count)
    work.mkdir(parents=True, exist_ok=True)
    full, plain = generate(work, count)
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)
    (ROOT / ".cache" / "jinja").mkdir(parents=True, exist_ok=True)
    full_runs, plain_runs = [], []
    for _ in range(repeat):  # alternate, so drift in the machine hits both alike
        full_runs.append(timed_build(full, work / "out-full", SETTINGS))
        plain_runs.append(timed_build(plain, work / "out-plain", HERE / "plainconf.py"))
    cold, warm = warm_rebuild(full, work)
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)  # the next N starts cold too
    (ROOT / ".cache" / "jinja").mkdir(parents=True, exist_ok=True)
    html_css, feed = page_bytes(work / "out-full")
    with_gate, without_gate = gate_cost(full, work, max(repeat, 5))
    result = {"n": count, "repeat": repeat}
    for name, runs in (("full", full_runs), ("plain", plain_runs)):
        for field in ("wall", "cpu", "peak_mb"):
            result[f"{name}_{field}"] = median(runs, field)
    result["wall_ratio"] = result["full_wall"] / result["plain_wall"]
    result["cpu_ratio"] = result["full_cpu"] / result["plain_cpu"]
    result["memory_ratio"] = result["full_peak_mb"] / result["plain_peak_mb"]
    result["cache_cold"], result["cache_warm"] = cold, warm
    result["warm_ratio"] = warm / cold
    result["page_bytes"], result["feed_bytes"] = html_css, feed
    walls_with, walls_without = [r.wall for r in with_gate], [r.wall for r in without_gate]
    after = [after_last_write(r.stderr) for r in with_gate]
    result["cold_gate"], result["cold_nogate"] = statistics.median(walls_with), statistics.median(walls_without)
    result["cold_gate_range"], result["cold_nogate_range"] = (
        (min(walls_with), max(walls_with)),
        (min(walls_without), max(walls_without)),
    )
    result["gate_after"], result["gate_after_range"] = statistics.median(after), (min(after), max(after))
    result["gate_share"] = (result["cold_gate"] - result["cold_nogate"]) / result["cold_nogate"]
    result["cpu_gate"] = statistics.median(r.cpu for r in with_gate)
    result["cpu_nogate"] = statistics.median(r.cpu for r in without_gate)
    return result


GATE_TARGET = 0.05  # of a cold build: the privacy gate must stay cheap enough to run on every build


def gate_cost(content: Path, work: Path, repeat: int) -> tuple[list[Run], list[Run]]:
    """Cold builds (no content cache) with the privacy gate and with it stubbed
    out (nogateconf.py), alternating, so their difference is what the gate
    costs a build, reading files on a spare core included."""
    extra = ["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]
    with_gate, without_gate = [], []
    for _ in range(repeat):
        with_gate.append(timed_build(content, work / "out-gate", SETTINGS, extra))
        without_gate.append(timed_build(content, work / "out-nogate", HERE / "nogateconf.py", extra))
    return with_gate, without_gate


def after_last_write(stderr: str) -> float:
    """The gate's own report: seconds it took after the last file was written."""
    match = re.search(r"Privacy gate: .*?([0-9.]+) s after the last file was written", stderr)
    if not match:
        raise SystemExit("the build did not report its privacy gate:\n" + stderr[-2000:])
    return float(match.group(1))


def report(results: list[dict]) -> str:
    lines = [
        f"## {datetime.datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} cores · Python {platform.python_version()} "
        f"· load average at the end {os.getloadavg()[0]:.2f}",
        "",
        "| N | full wall s | plain wall s | wall full/plain | CPU full/plain | peak MB full | peak MB plain | memory full/plain "
        "| cold full s (empty cache) | cold/plain | one file changed s | changed/cold | testimony HTML+CSS bytes | all.atom.xml bytes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['n']:,} | {r['full_wall']:.2f} | {r['plain_wall']:.2f} | {r['wall_ratio']:.2f} | {r['cpu_ratio']:.2f} | "
            f"{r['full_peak_mb']:.0f} | {r['plain_peak_mb']:.0f} | {r['memory_ratio']:.2f} | "
            f"{r['cache_cold']:.2f} | {r['cache_cold'] / r['plain_wall']:.2f} | {r['cache_warm']:.2f} | {r['warm_ratio']:.2f} | "
            f"{r['page_bytes']:,} | {r['feed_bytes']:,} |"
        )
    lines += [
        "",
        "| N | cold build with the privacy gate s | same build, gate stubbed out s | gate's cost | "
        "gate's own time after the last write s | CPU s with / without the gate | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        verdict = "met" if r["gate_share"] < GATE_TARGET else "MISSED"
        (a, b), (c, d), (e, f) = r["cold_gate_range"], r["cold_nogate_range"], r["gate_after_range"]
        lines.append(
            f"| {r['n']:,} | {r['cold_gate']:.2f} ({a:.2f}–{b:.2f}) | {r['cold_nogate']:.2f} ({c:.2f}–{d:.2f}) | "
            f"{r['gate_share']:+.1%} | {r['gate_after']:.2f} ({e:.2f}–{f:.2f}) | "
            f"{r['cpu_gate']:.2f} / {r['cpu_nogate']:.2f} | < {GATE_TARGET:.0%}: {verdict} |"
        )
    lines.append(
        "\nThe gate reads each file on a second core while Pelican writes the next, so its work shows "
        "in the CPU column more than in the wall time."
    )
    for r in results:
        (low, high) = r["cold_nogate_range"]
        if r["cold_gate"] - r["cold_nogate"] <= high - low:
            lines.append(
                f"At N={r['n']:,} the wall-time difference is no larger than the spread of the builds "
                f"without the gate ({high - low:.2f} s), so it is within this machine's noise."
            )
    large = [r for r in results if r["n"] >= 1000] or results
    if len(large) > 1:
        first, last = large[0], large[-1]
        growth = (last["full_wall"] / first["full_wall"]) / (last["n"] / first["n"])
        lines += [
            "",
            f"Growth from N={first['n']:,} to N={last['n']:,}: full wall time grew {growth:.2f}× as fast as N "
            "(1.00 is linear).",
        ]
    lines.append(
        f"\nMedians of {results[0]['repeat']} alternating runs each. \"full\" builds the project as shipped, "
        "with Pelican's content cache on (the first run fills it); \"cold\" is one full build with an empty "
        "cache; \"one file changed\" rebuilds after editing one story, with that cache warm."
    )
    return "\n".join(lines) + "\n"


def record(text: str):
    header = (
        "# Benchmark results\n\nNewest run on top. Made by `invoke bench` (benchmarks/bench.py) and "
        "`invoke bench --against REV` (benchmarks/against.py).\n\n"
    )
    old = RESULTS.read_text() if RESULTS.exists() else header
    rest = old[len(header) :] if old.startswith(header) else old
    RESULTS.write_text(header + text + "\n" + rest)


def main(counts: list[int], repeat: int, write: bool = True) -> list[dict]:
    results = [bench(n, repeat) for n in counts]
    text = report(results)
    print(text)
    if write:
        record(text)
    return results


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", default="1000", help="comma-separated story counts, e.g. 100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    main([int(n) for n in args.n.split(",")], args.repeat, not args.no_write)
