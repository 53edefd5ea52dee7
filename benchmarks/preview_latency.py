"""How long the live preview takes, from saving a story to its page rewritten.

Starts `invoke livereload` on N generated stories (generate.py) with the
benchmark's settings, waits for its first build, then saves one story again
and again, each time with a new sentence in it, and times, from just before
each save, until the story's page in the output folder holds that sentence
(and, separately, until the preview says it is up to date: listings and
feeds rewritten too). Reports the median and the range, and the load average.

    .venv/bin/python benchmarks/preview_latency.py --n 1000 --edits 7
"""

from __future__ import annotations

import argparse
import os
import queue
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
SETTINGS = HERE / "benchconf.py"
TARGET_S = 1.0  # issue 16: median save-to-page at N=1,000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lines(stream, into: queue.Queue):
    for line in stream:
        into.put(line.rstrip("\n"))
    into.put(None)


def _wait_for(lines: queue.Queue, start: str, timeout: float, log: list) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            raise SystemExit("the preview stopped:\n" + "\n".join(log[-30:]))
        log.append(line)
        if line.startswith(start):
            return line
    raise SystemExit(f"no `{start}` from the preview in {timeout:.0f} s:\n" + "\n".join(log[-30:]))


def _stamp(path: Path):
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def measure_preview(count: int = 1000, edits: int = 7, work: Path | None = None) -> dict:
    """Save-to-page-rewritten latencies (seconds) of `edits` saves of one story among `count`."""
    work = work or WORK / f"preview-{count}"
    full, _plain = generate(work, count)
    output = work / "out-preview"
    story = full / "testimonies" / f"testimony-{min(42, count):05d}.md"
    original = story.read_text(encoding="utf-8")
    title = original.split("\n", 1)[0].removeprefix("Title: ")
    env = dict(
        os.environ,
        CAMPAIGN_SETTINGS=str(SETTINGS),
        CAMPAIGN_REGISTER=str(work / "private" / "storytellers.yml"),
    )
    command = [sys.executable, "-m", "invoke", "livereload", "--content", str(full), "--output", str(output)]
    command += ["--port", str(free_port())]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    log: list[str] = []
    to_page, to_done = [], []
    try:
        _wait_for(lines, "Live preview on", 600, log)
        page = next(
            path
            for path in (output / "testimonies").glob("*/index.html")
            if f"<title>{title}" in path.read_text(encoding="utf-8")
        )
        for number in range(edits):
            marker = f"preview-benchmark-{number}-{secrets.token_hex(4)}"
            before = _stamp(page)
            started = time.perf_counter()
            story.write_text(original + f"\nOne more sentence for the benchmark, {marker}.\n", encoding="utf-8")
            while True:
                now = _stamp(page)
                if now != before:
                    before = now
                    if marker in page.read_text(encoding="utf-8"):
                        to_page.append(time.perf_counter() - started)
                        break
                if time.perf_counter() - started > 60:
                    raise SystemExit("the page was not rewritten within 60 s:\n" + "\n".join(log[-30:]))
                time.sleep(0.002)
            _wait_for(lines, "Up to date", 120, log)
            to_done.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        story.write_text(original, encoding="utf-8")
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return {
        "count": count,
        "to_page": to_page,
        "to_up_to_date": to_done,
        "load": os.getloadavg(),
    }


def summary(result: dict) -> str:
    page, done = result["to_page"], result["to_up_to_date"]
    median = statistics.median(page)
    verdict = "met" if median <= TARGET_S else f"MISSED by {median - TARGET_S:.2f} s"
    load = " ".join(f"{value:.2f}" for value in result["load"])
    return (
        f"Preview at N={result['count']:,}, {len(page)} saves of one story: save to page rewritten "
        f"{median:.3f} s median ({min(page):.3f}–{max(page):.3f}); target ≤ {TARGET_S:.1f} s: {verdict}. "
        f"Save to up to date (listings and feeds too) {statistics.median(done):.2f} s median "
        f"({min(done):.2f}–{max(done):.2f}). Load average (1, 5, 15 min) at the end: {load}; "
        f"{os.cpu_count()} cores."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    result = measure_preview(args.n, args.edits)
    print("save to page (s):", " ".join(f"{value:.3f}" for value in result["to_page"]))
    print(summary(result))


if __name__ == "__main__":
    main()
