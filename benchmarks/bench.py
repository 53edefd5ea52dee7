"""How fast the campaign builds, like for like: against plain Pelican,
Eleventy and Hugo, on the same generated stories, in the same run.

For each N it generates N synthetic testimonies (generate.py) and writes the
same stories as plain Pelican's, Eleventy's and Hugo's sites, each with a page
set like ours (a page per story, type, tag, region and author listings, the
home page, an Atom feed; benchmarks/peers/). Then, in interleaved rounds
whose order turns each round, whole processes measured with wait4():

- cold builds, every one from nothing: no content cache, no compiled
  templates, no output folder; ours with CAMPAIGN_WORKERS=1 and =2;
- warm rebuilds: one story changed, the content cache warm, the output kept
  (ours, and plain Pelican with its cache turned on);
- peak memory, wait4's ru_maxrss: the largest process of each build's tree.

After the rounds, preview latency: each preview server is started on the
same stories, and one story is saved again and again; the time from the save
to its page rewritten on disk (polled for the edit) is the latency.

A peer that is not installed or fails is skipped with a note, never a crash.
The report, its ratios (median and range over the rounds) and the targets of
issue 16 go on top of benchmarks/RESULTS.md. `invoke bench` installs the
peers first (install_peers); this module only finds them.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate, generate_peers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "RESULTS.md"
SETTINGS = HERE / "benchconf.py"  # the project as shipped, whatever a union set in pelicanconf.py
ELEVENTY_HOME = HERE / "peers" / "eleventy"  # package.json pins the version, package-lock.json the rest
ELEVENTY_CLI = ELEVENTY_HOME / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
NODE_COMMAND = "node"
HUGO_COMMAND = "hugo"
NODE_MAJOR_NEEDED = 18  # Eleventy 3's engines field
JINJA_CACHE = ROOT / ".cache" / "jinja"  # site_defaults.py keeps compiled templates here, whatever CACHE_PATH says


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stderr: str = ""


class BuildFailed(Exception):
    """A build exited non-zero or could not start; its message says which and why."""


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """One process (and whatever it starts), measured with wait4(): wall
    time, CPU time of the whole tree, and the peak resident memory of the
    largest process in it."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        except OSError as error:
            raise BuildFailed(f"could not start {command[0]}: {error}") from None
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        errors = err.read().decode(errors="replace")
        if process.returncode != 0:
            out.seek(0)
            printed = out.read().decode(errors="replace")
            raise BuildFailed(
                f"`{' '.join(map(str, command[:4]))} …` in {cwd} exited with {process.returncode}: "
                f"{tail(printed + errors)}"
            )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, errors)


def tail(said: str, size: int = 700) -> str:
    """The end of what a process printed, on one line (a note in a table's
    company): tracebacks drawn in boxes take many spaces."""
    return " ".join(said.split())[-size:]


def our_env(content: Path, **extra) -> dict:
    env = dict(os.environ, CAMPAIGN_REGISTER=str(content.parent / "private" / "storytellers.yml"))
    env.pop("CAMPAIGN_WORKERS", None)  # each build says how many it wants
    env.update(extra)
    return env


def timed_build(content: Path, output: Path, settings: Path, extra=(), cwd: Path = ROOT, keep=False, env=None) -> Run:
    """One `pelican` build in its own process; into an empty output folder
    unless `keep`. A failed build stops the benchmark (against.py's use)."""
    if not keep:
        shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q", *extra]
    try:
        return measure(command, cwd, env or our_env(content))
    except BuildFailed as failure:
        raise SystemExit(f"benchmark build failed ({cwd}, {settings.name}): {failure}") from None


# --- what is measured --------------------------------------------------------


@dataclass
class Builder:
    """One way of building the stories: what a cold build starts without
    (`clear`), and for a warm rebuild the story to touch."""

    key: str
    label: str
    command: list[str]
    cwd: Path
    env: dict | None = None
    clear: tuple[Path, ...] = ()
    touch: Path | None = None
    emptied: tuple[Path, ...] = ()  # folders a cold build finds empty, but there

    def cold(self) -> Run:
        for path in self.clear:
            remove(path)
        for folder in self.emptied:
            empty(folder)
        return measure(self.command, self.cwd, self.env)

    def warm(self) -> Run:
        """A rebuild after one story changed, the cache and output as the
        last build left them."""
        original = self.touch.read_text(encoding="utf-8")
        self.touch.write_text(original + "\nOne more sentence, added for the warm rebuild.\n", encoding="utf-8")
        try:
            return measure(self.command, self.cwd, self.env)
        finally:
            self.touch.write_text(original, encoding="utf-8")


def empty(folder: Path):
    """The files in `folder`, not the folder: the compiled-template cache
    stays where a build running beside the benchmark (the test suite's) may be
    writing into it."""
    for path in folder.glob("*"):
        remove(path)


def remove(path: Path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def pelican_builder(key, label, content, output, settings, extra=(), env=None, clear=()) -> Builder:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q", *extra]
    return Builder(key, label, command, ROOT, env or our_env(content), (output, *clear))


def ours(work: Path, content: Path, workers: int | None) -> Builder:
    """This project as shipped (benchconf.py), its content cache in the work
    folder; CAMPAIGN_WORKERS=`workers` (None: the project's default)."""
    cache = work / "cache-ours"
    extra = ["-e", f'CACHE_PATH="{cache}"']
    env = our_env(content, **({"CAMPAIGN_WORKERS": str(workers)} if workers else {}))
    name = f"{workers} worker{'s' if workers != 1 else ''}" if workers else "default workers"
    builder = pelican_builder(
        f"ours-{workers or 'default'}",
        f"this project, {name}",
        content,
        work / "out-ours",
        SETTINGS,
        extra,
        env,
        (cache,),
    )
    builder.emptied = (JINJA_CACHE,)
    builder.touch = sorted((content / "testimonies").glob("*.md"))[0]
    return builder


def plain(work: Path, content: Path, cached: bool) -> Builder:
    """Plain Pelican (plainconf.py: default theme, no plugin), with its own
    defaults (no content cache) or with its content cache turned on."""
    cache = work / "cache-plain"
    extra = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{cache}"'] if cached else []
    builder = pelican_builder(
        "plain-cache" if cached else "plain",
        "plain Pelican, content cache on" if cached else "plain Pelican",
        content,
        work / ("out-plain-cache" if cached else "out-plain"),
        HERE / "plainconf.py",
        extra,
        clear=(cache,),
    )
    builder.touch = sorted((content / "testimonies").glob("*.md"))[0]
    return builder


def node_problem() -> str | None:
    node = shutil.which(NODE_COMMAND)
    if not node:
        return f"Node.js ({NODE_COMMAND}) is not installed: `apt-get install nodejs` (Node {NODE_MAJOR_NEEDED}+)"
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        major = int(version.lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return f"`{NODE_COMMAND} --version` did not say which Node.js this is"
    if major < NODE_MAJOR_NEEDED:
        return f"Node.js {version} is too old for Eleventy 3 (it needs {NODE_MAJOR_NEEDED}+)"
    return None


def eleventy_version() -> tuple[str | None, str | None]:
    """(installed version, why Eleventy cannot run: None when it can)."""
    problem = node_problem()
    if problem:
        return None, problem
    pinned = json.loads((ELEVENTY_HOME / "package.json").read_text())["dependencies"]["@11ty/eleventy"]
    installed = ELEVENTY_CLI.parent / "package.json"
    if not installed.exists():
        return None, (
            f"Eleventy is not installed in {ELEVENTY_HOME.relative_to(ROOT)}/node_modules: `invoke bench` "
            f"installs it (npm ci there), or run `npm ci --prefix {ELEVENTY_HOME.relative_to(ROOT)}`"
        )
    version = json.loads(installed.read_text())["version"]
    if version != pinned:
        return version, f"Eleventy {version} is installed, {pinned} is pinned: run `npm ci` in {ELEVENTY_HOME}"
    return version, None


def hugo_version() -> tuple[str | None, str | None]:
    hugo = shutil.which(HUGO_COMMAND)
    if not hugo:
        return None, f"Hugo ({HUGO_COMMAND}) is not installed: `apt-get install hugo` (`invoke bench` tries it as root)"
    try:
        said = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"`{HUGO_COMMAND} version` failed: {error}"
    match = re.search(r"v(\d+\.\d+\.\d+)", said)
    if not match:
        return None, f"`{HUGO_COMMAND} version` did not say which Hugo this is: {said.strip()[:200]}"
    return match.group(1), None


def eleventy(work: Path, site: Path, version: str) -> Builder:
    output = work / "out-eleventy"
    command = [shutil.which(NODE_COMMAND), str(ELEVENTY_CLI), f"--output={output}", "--quiet"]
    return Builder("eleventy", f"Eleventy {version}", command, site, None, (output, site / ".cache"))


def hugo(work: Path, site: Path, version: str) -> Builder:
    output, cache = work / "out-hugo", work / "cache-hugo"
    command = [shutil.which(HUGO_COMMAND), "--destination", str(output), "--cacheDir", str(cache), "--quiet"]
    clear = (output, cache, site / "resources", site / ".hugo_build.lock")
    return Builder("hugo", f"Hugo {version}", command, site, None, clear)


def our_workers_note() -> str | None:
    """Whether this checkout reads CAMPAIGN_WORKERS; if not, its 1- and
    2-worker rows build alike, on one core."""
    plugin = ROOT / "plugins" / "campaign"
    if any("CAMPAIGN_WORKERS" in path.read_text(encoding="utf-8") for path in plugin.rglob("*.py")):
        return None
    return (
        "This checkout does not read CAMPAIGN_WORKERS: its 1- and 2-worker rows are the same build "
        "(one core), measured twice."
    )


# --- preview latency ---------------------------------------------------------


@dataclass
class Preview:
    """A preview server over the stories, and where it writes the page of
    the story `source` (a glob: our page's folder is named for its title)."""

    key: str
    label: str
    command: list[str]
    cwd: Path
    source: Path
    page_glob: str
    output: Path
    env: dict | None = None
    clear: tuple[Path, ...] = ()
    latencies: list[float] = field(default_factory=list)
    restless: int = 0  # waits for the server to go idle that ran out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_cpu(group: int) -> float:
    """CPU seconds used so far by the live processes of a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ... utime (11), stime (12)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def wait_quiet(process: subprocess.Popen, seconds: float, timeout: float) -> bool:
    """Until the server's process group has used under a tenth of a core
    for `seconds` (its rebuild is over); False if that took over `timeout`."""
    deadline = time.monotonic() + timeout
    before = group_cpu(process.pid)
    while time.monotonic() < deadline:
        time.sleep(seconds)
        if process.poll() is not None:
            return False
        now = group_cpu(process.pid)
        if now - before < 0.1 * seconds:
            return True
        before = now
    return False


def read(page: Path) -> str:
    try:
        return page.read_text(encoding="utf-8", errors="replace")
    except OSError:  # between a server's removing and writing it
        return ""


def first_page(output: Path, page_glob: str) -> Path | None:
    return next(iter(sorted(output.glob(page_glob))), None)


MARK = "Preview edit mark pvm{:04d}."


def run_preview(preview: Preview, edits: int, start_timeout: float, edit_timeout: float = 60.0) -> str | None:
    """Start the server, wait for its first build, then save the story
    `edits` times, each time timing save -> page rewritten. Returns a note
    when the server could not be measured."""
    for path in preview.clear:
        remove(path)
    original = preview.source.read_text(encoding="utf-8")
    # Every edit rewrites the same number of bytes in place, as an editor
    # saving over the file does, so no watcher ever reads a half-written story.
    preview.source.write_text(original + "\n" + MARK.format(0) + "\n", encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        try:
            process = subprocess.Popen(
                preview.command, cwd=preview.cwd, env=preview.env, stdout=log, stderr=log, start_new_session=True
            )
        except OSError as error:
            preview.source.write_text(original, encoding="utf-8")
            return f"could not start: {error}"

        def said() -> str:
            log.seek(0)
            return tail(log.read().decode(errors="replace"))

        try:
            deadline = time.monotonic() + start_timeout
            page = None
            while page is None or MARK.format(0) not in read(page):
                page = page or first_page(preview.output, preview.page_glob)
                if process.poll() is not None:
                    return f"the server stopped before its first build ({process.returncode}): {said()}"
                if time.monotonic() > deadline:
                    return f"no first build within {start_timeout:.0f} s: {said()}"
                time.sleep(0.2)
            preview.restless += not wait_quiet(process, 1.0, start_timeout)
            for edit in range(1, edits + 1):
                text = original + "\n" + MARK.format(edit) + "\n"
                mark = MARK.format(edit)
                with open(preview.source, "r+", encoding="utf-8") as source:
                    saved = time.perf_counter()
                    source.write(text)
                while mark not in read(page):
                    if time.perf_counter() - saved > edit_timeout:
                        return f"edit {edit}: the page was not rewritten within {edit_timeout:.0f} s: {said()}"
                    if process.poll() is not None:
                        return f"the server stopped at edit {edit} ({process.returncode}): {said()}"
                    time.sleep(0.005)
                preview.latencies.append(time.perf_counter() - saved)
                # The rest of its rebuild (listings, feeds) ends before the next save.
                preview.restless += not wait_quiet(process, 0.5, edit_timeout / 2)
            return None
        finally:
            stop(process)
            preview.source.write_text(original, encoding="utf-8")


def stop(process: subprocess.Popen):
    """The server and everything it started (its own process group)."""
    for sent, grace in ((signal.SIGINT, 5), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            break
        try:
            process.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # a child of the group that outlived its parent
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def previews(work: Path, content: Path, sites: dict, versions: dict, count: int) -> list[Preview]:
    """Our `invoke livereload` (whatever it is in this checkout), Eleventy's
    `--serve --incremental` and `hugo server` writing to disk, each editing
    the same story in its own copy of the stories."""
    index = count // 2 + 1
    name = f"testimony-{index:05d}.md"
    # Its own settings file only to give it a content cache of its own: the
    # checkout's .cache/ is a developer's, and may hold other campaigns.
    settings = work / "previewconf.py"
    settings.write_text(
        '"""Written by benchmarks/bench.py: its settings, with the preview\'s own content cache."""\n\n'
        f"import sys\n\nsys.path.insert(0, {str(HERE)!r})\n"
        "from benchconf import *  # noqa: E402,F403\n\n"
        f"CACHE_PATH = {str(work / 'cache-preview-ours')!r}\n",
        encoding="utf-8",
    )
    found = [
        Preview(
            "ours",
            "this project, `invoke livereload`",
            [sys.executable, "-m", "invoke", "livereload", "--content", str(content), "--output"]
            + [str(work / "preview-ours"), "--port", str(free_port())],
            ROOT,
            content / "testimonies" / name,
            f"testimonies/testimony-number-{index}-*/index.html",
            work / "preview-ours",
            our_env(content, CAMPAIGN_SETTINGS=str(settings)),
            (work / "preview-ours", work / "cache-preview-ours"),
        )
    ]
    servers = {
        "eleventy": (
            "`--serve --incremental`",
            lambda output: [shutil.which(NODE_COMMAND), str(ELEVENTY_CLI), "--serve", "--incremental", "--quiet"]
            + [f"--port={free_port()}", f"--output={output}"],
            "src/testimonies",
        ),
        "hugo": (
            "`hugo server --renderToDisk`",
            lambda output: [shutil.which(HUGO_COMMAND), "server", "--renderToDisk", "--destination", str(output)]
            + ["--bind", "127.0.0.1", "--port", str(free_port()), "--cacheDir", str(work / "cache-hugo-preview")],
            "content/testimonies",
        ),
    }
    for peer, (how, command, stories) in servers.items():
        if peer not in sites or peer not in versions:
            continue
        output = work / f"preview-{peer}"
        found.append(
            Preview(
                peer,
                f"{peer.capitalize()} {versions[peer]}, {how}",
                command(output),
                sites[peer],
                sites[peer] / stories / name,
                f"testimonies/{Path(name).stem}/index.html",
                output,
                clear=(output, sites[peer] / "resources"),  # Hugo's generated resources, if any
            )
        )
    return found


# --- one N -------------------------------------------------------------------


def page_bytes(site: Path) -> tuple[int, int]:
    from lxml import html as lxml_html

    story = next(p for p in sorted((site / "testimonies").glob("*/index.html")))
    total = story.stat().st_size
    for href in lxml_html.fromstring(story.read_bytes()).xpath("//link[@rel='stylesheet']/@href"):
        total += (story.parent / href).resolve().stat().st_size
    return total, (site / "feeds/all.atom.xml").stat().st_size


def bench(count: int, repeat: int, edits: int = 5, gate: bool = False, gate_rounds: int = 5) -> dict:
    """Every build of N stories, `repeat` interleaved rounds, then the
    previews (`edits` saves each; none if 0)."""
    load_before = os.getloadavg()
    work = WORK / str(count)
    work.mkdir(parents=True, exist_ok=True)
    full, plain_content = generate(work, count)
    sites = generate_peers(work, full)
    notes: list[str] = []
    versions: dict[str, str] = {}
    for peer, find in (("eleventy", eleventy_version), ("hugo", hugo_version)):
        version, problem = find()
        if problem:
            notes.append(f"{peer.capitalize()} skipped: {problem}.")
        else:
            versions[peer] = version
    workers = our_workers_note()
    if workers:
        notes.append(workers)

    units: list[list[tuple[str, Builder]]] = [
        [("cold", ours(work, full, 1))],
        [("cold", ours(work, full, 2)), ("warm", ours(work, full, 2))],
        [("cold", plain(work, plain_content, cached=False))],
        [("cold", plain(work, plain_content, cached=True)), ("warm", plain(work, plain_content, cached=True))],
    ]
    if "eleventy" in versions:
        units.append([("cold", eleventy(work, sites["eleventy"], versions["eleventy"]))])
    if "hugo" in versions:
        units.append([("cold", hugo(work, sites["hugo"], versions["hugo"]))])
    runs: dict[tuple[str, str], dict[int, Run]] = {}
    labels: dict[str, str] = {}
    failed: set[str] = set()
    for round_ in range(repeat):
        turn = round_ % len(units)  # who goes first changes each round
        for unit in units[turn:] + units[:turn]:
            for kind, builder in unit:
                labels[builder.key] = builder.label
                if (builder.key, kind) in failed:
                    break  # and a warm rebuild after a cold build that failed is not one
                try:
                    run = builder.cold() if kind == "cold" else builder.warm()
                except BuildFailed as failure:
                    failed.add((builder.key, kind))
                    notes.append(
                        f"{builder.label} ({kind}) failed in round {round_ + 1} and was left out after it: {failure}"
                    )
                    break
                runs.setdefault((builder.key, kind), {})[round_] = run
    for peer in ("eleventy", "hugo"):
        if (peer, "cold") in failed:
            versions.pop(peer, None)

    result = {"n": count, "repeat": repeat, "runs": runs, "labels": labels, "versions": versions, "notes": notes}
    if (work / "out-ours" / "feeds" / "all.atom.xml").exists():
        result["page_bytes"], result["feed_bytes"] = page_bytes(work / "out-ours")
    result["previews"] = []
    if edits:
        for preview in previews(work, full, sites, versions, count):
            problem = run_preview(preview, edits, start_timeout=max(120.0, count * 0.1))
            if problem:
                notes.append(f"Preview with {preview.label} not measured: {problem}")
            if preview.restless:
                notes.append(
                    f"Preview with {preview.label}: {preview.restless} time(s) the server did not go idle "
                    "(under a tenth of a core) before the timeout, so the next save came while it was still busy."
                )
            result["previews"].append(preview)
    if gate:
        result["gate"] = gate_cost(full, work, gate_rounds)
    result["load_before"], result["load_after"] = load_before, os.getloadavg()
    return result


def gate_cost(content: Path, work: Path, repeat: int) -> dict:
    """Cold builds with the privacy gate and with it stubbed out
    (nogateconf.py), alternating, so their difference is what the gate costs
    a build, reading files on a spare core included."""
    extra = ["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]
    with_gate, without_gate = [], []
    for _ in range(repeat):
        empty(JINJA_CACHE)
        with_gate.append(timed_build(content, work / "out-gate", SETTINGS, extra))
        empty(JINJA_CACHE)
        without_gate.append(timed_build(content, work / "out-nogate", HERE / "nogateconf.py", extra))
    after = [after_last_write(r.stderr) for r in with_gate]
    return {"with": with_gate, "without": without_gate, "after": after}


GATE_TARGET = 0.05  # of a cold build: the privacy gate must stay cheap enough to run on every build


def after_last_write(stderr: str) -> float:
    """The gate's own report: seconds it took after the last file was written."""
    match = re.search(r"Privacy gate: .*?([0-9.]+) s after the last file was written", stderr)
    if not match:
        raise SystemExit("the build did not report its privacy gate:\n" + stderr[-2000:])
    return float(match.group(1))


# --- figures, ratios and targets ---------------------------------------------


def spread(values: list[float]) -> tuple[float, float, float] | None:
    """(median, lowest, highest), None for no values."""
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def figures(result: dict, key: str, kind: str = "cold", field_name: str = "wall"):
    return spread([getattr(r, field_name) for r in result["runs"].get((key, kind), {}).values()])


def ratio(result: dict, top: tuple[str, str], bottom: tuple[str, str], field_name: str = "wall"):
    """top/bottom round by round (the two ran minutes apart, so the machine's
    drift hits both alike): (median, lowest, highest), None when unmeasured."""
    above, below = result["runs"].get(top, {}), result["runs"].get(bottom, {})
    return spread(
        [getattr(above[r], field_name) / getattr(below[r], field_name) for r in sorted(set(above) & set(below))]
    )


def preview_figures(result: dict, key: str):
    for preview in result["previews"]:
        if preview.key == key:
            return spread(preview.latencies)
    return None


OURS = "ours-2"  # the target rows: every core of this 2-core machine


@dataclass
class Target:
    text: str  # as issue 16 states it
    n: int
    limit: float
    unit: str  # "×" or " s"
    measured: object  # result -> (median, low, high) | None


TARGETS = (
    Target(
        "Preview at N=1,000: ≤ 1.0 s median, from save to page rewritten",
        1000,
        1.0,
        " s",
        lambda r: preview_figures(r, "ours"),
    ),
    Target(
        "Cold build ≤ 1.0× plain Pelican at N=1,000",
        1000,
        1.0,
        "×",
        lambda r: ratio(r, (OURS, "cold"), ("plain", "cold")),
    ),
    Target(
        "Cold build ≤ 1.0× plain Pelican at N=5,000",
        5000,
        1.0,
        "×",
        lambda r: ratio(r, (OURS, "cold"), ("plain", "cold")),
    ),
    Target(
        "Cold build ≤ 1.5× Eleventy at N=5,000 on 2 cores",
        5000,
        1.5,
        "×",
        lambda r: ratio(r, (OURS, "cold"), ("eleventy", "cold")),
    ),
    Target(
        "Rebuild after one story changed, warm cache: ≤ 0.7× Eleventy's cold build at N=5,000",
        5000,
        0.7,
        "×",
        lambda r: ratio(r, (OURS, "warm"), ("eleventy", "cold")),
    ),
    Target(
        "Peak memory at N=5,000 ≤ 1.5× plain Pelican",
        5000,
        1.5,
        "×",
        lambda r: ratio(r, (OURS, "cold"), ("plain", "cold"), "peak_mb"),
    ),
)


def verdict(target: Target, measured) -> str:
    if measured is None:
        return "not measured (a peer was skipped or failed: see the notes)"
    value = measured[0]
    if value <= target.limit:
        return f"met, {target.limit - value:.2f}{target.unit} to spare"
    needed = 1 - target.limit / value
    what = "memory" if "memory" in target.text else "time"
    return f"MISSED by {value - target.limit:.2f}{target.unit} ({needed:.0%} less {what} would meet it)"


def span(figure, unit="", digits=2) -> str:
    if figure is None:
        return "—"
    middle, low, high = figure
    return f"{middle:.{digits}f}{unit} ({low:.{digits}f}–{high:.{digits}f})"


def checkout() -> str:
    """The commit measured, and whether the plugin or theme had changes on top."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "plugins", "theme", "site_defaults.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"{commit}{' with uncommitted changes to the plugin or theme' if dirty else ''}"


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def report(results: list[dict]) -> str:
    cores = os.cpu_count()
    first, last = results[0], results[-1]
    lines = [
        f"## {datetime.datetime.now():%Y-%m-%d %H:%M} · cold with cold, warm with warm, against Eleventy and Hugo · "
        f"{cores} cores · Python {platform.python_version()}",
        "",
        f"This project at {checkout()}.",
        "",
        f"Load average (1 / 5 / 15 min) before: {load_text(first['load_before'])}; after: "
        f"{load_text(last['load_after'])}; {cores} cores. "
        + (
            "**The machine was busy** (a 1-minute load above its core count): other work shared the cores, so "
            "these times are longer and noisier than on an idle machine; the ratios, from builds run side by "
            "side, hold better than the times."
            if max(first["load_before"][0], last["load_after"][0]) > cores
            else "The machine was otherwise quiet."
        ),
        "",
        "| N | build | wall s | CPU s | peak MB | / plain Pelican (wall) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for key, label in r["labels"].items():
            for kind, what in (("cold", "cold"), ("warm", "one story changed, cache warm")):
                wall = figures(r, key, kind)
                if wall is None:
                    continue
                base = ("plain", "cold") if kind == "cold" else ("plain-cache", "warm")
                against = ratio(r, (key, kind), base) if (key, kind) != base else None
                lines.append(
                    f"| {r['n']:,} | {label}, {what} | {span(wall)} | {span(figures(r, key, kind, 'cpu'))} | "
                    f"{span(figures(r, key, kind, 'peak_mb'), digits=0)} | {span(against, '×')} |"
                )
    lines += [
        "",
        "| N | preview: save → page rewritten | median s (range) | edits |",
        "|---|---|---|---|",
    ]
    for r in results:
        for preview in r["previews"]:
            lines.append(
                f"| {r['n']:,} | {preview.label} | {span(spread(preview.latencies))} | {len(preview.latencies)} |"
            )
    lines += [
        "",
        "| N | ratio | wall time: median (range over rounds) | CPU time: median (range) |",
        "|---|---|---|---|",
    ]
    for r in results:
        rows = [
            ("cold, ours (1 worker) / plain Pelican", ("ours-1", "cold"), ("plain", "cold")),
            ("cold, ours (2 workers) / plain Pelican", (OURS, "cold"), ("plain", "cold")),
            ("cold, ours (2 workers) / plain Pelican with its cache on", (OURS, "cold"), ("plain-cache", "cold")),
            ("cold, ours (2 workers) / Eleventy", (OURS, "cold"), ("eleventy", "cold")),
            ("cold, ours (2 workers) / Hugo", (OURS, "cold"), ("hugo", "cold")),
            ("warm rebuild, ours / plain Pelican warm rebuild", (OURS, "warm"), ("plain-cache", "warm")),
            ("warm rebuild, ours / Eleventy cold", (OURS, "warm"), ("eleventy", "cold")),
            ("cold, 2 workers / 1 worker (ours)", (OURS, "cold"), ("ours-1", "cold")),
        ]
        for text, top, bottom in rows:
            lines.append(
                f"| {r['n']:,} | {text} | {span(ratio(r, top, bottom), '×')} | "
                f"{span(ratio(r, top, bottom, 'cpu'), '×')} |"
            )
        memory = ratio(r, (OURS, "cold"), ("plain", "cold"), "peak_mb")
        lines.append(f"| {r['n']:,} | peak memory, ours (2 workers) / plain Pelican, cold | {span(memory, '×')} | — |")
        ours_preview = preview_figures(r, "ours")
        for peer in ("eleventy", "hugo"):
            theirs = preview_figures(r, peer)
            if ours_preview and theirs:
                lines.append(
                    f"| {r['n']:,} | preview, ours / {peer.capitalize()} (medians) | "
                    f"{ours_preview[0] / theirs[0]:.2f}× | — |"
                )
    lines += ["", "| target (issue 16) | measured | verdict |", "|---|---|---|"]
    by_n = {r["n"]: r for r in results}
    for target in TARGETS:
        if target.n not in by_n:
            lines.append(f"| {target.text} | — | not measured: N={target.n:,} was not in this run |")
            continue
        measured = target.measured(by_n[target.n])
        lines.append(f"| {target.text} | {span(measured, target.unit)} | {verdict(target, measured)} |")
    for r in results:
        if "page_bytes" in r:
            lines.append(
                f"\nN={r['n']:,}: a testimony page and its CSS are {r['page_bytes']:,} bytes; "
                f"feeds/all.atom.xml {r['feed_bytes']:,} bytes."
            )
    lines += [
        "",
        f"Medians and ranges of {first['repeat']} interleaved rounds (the order turns each round), whole "
        "processes measured with wait4(); each ratio is taken round by round. Cold: no content cache, no "
        "compiled templates, no output folder. Warm: one story changed, the content cache and output of the "
        "build before it kept. Peak MB is wait4's ru_maxrss, the largest single process of the build's tree "
        "(a forked worker's pages shared with its parent are not counted twice, nor added up). CPU s is the "
        "whole tree's. Ours writes about fifty feeds (Atom, RSS and JSON Feed, per type, region and "
        "petition), the sitemap, facts and petition boxes and the privacy gate's scan; the peers write one "
        "Atom feed and a sitemap, and their stories' `[fact: …]` codes stay as text, like plain Pelican's. "
        "Eleventy and Hugo rebuild everything in a new process (neither keeps a cache between runs), so "
        "their warm rebuild is their cold build; their incremental path is the preview. Preview: the time "
        "from saving a story in place to its page on disk holding the edit, polled every 5 ms, after the "
        "server's first build and between edits once its process group is idle.",
    ]
    for r in results:
        for note in r["notes"]:
            lines.append(f"\nN={r['n']:,}: {note}")
    if "gate" in first:
        lines += gate_report(results)
    return "\n".join(lines) + "\n"


def gate_report(results: list[dict]) -> list[str]:
    lines = [
        "",
        "| N | cold build with the privacy gate s | same build, gate stubbed out s | gate's cost | "
        "gate's own time after the last write s | CPU s with / without the gate | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        gate = r["gate"]
        walls_with, walls_without = [x.wall for x in gate["with"]], [x.wall for x in gate["without"]]
        share = (statistics.median(walls_with) - statistics.median(walls_without)) / statistics.median(walls_without)
        r["gate_share"] = share
        lines.append(
            f"| {r['n']:,} | {span(spread(walls_with))} | {span(spread(walls_without))} | {share:+.1%} | "
            f"{span(spread(gate['after']))} | {statistics.median(x.cpu for x in gate['with']):.2f} / "
            f"{statistics.median(x.cpu for x in gate['without']):.2f} | "
            f"< {GATE_TARGET:.0%}: {'met' if share < GATE_TARGET else 'MISSED'} |"
        )
    return lines


HEADER = (
    "# Benchmark results\n\nNewest run on top. Made by `invoke bench` (benchmarks/bench.py) and "
    "`invoke bench --against REV` (benchmarks/against.py).\n\n"
)


def record(text: str):
    old = RESULTS.read_text() if RESULTS.exists() else HEADER
    rest = old[len(HEADER) :] if old.startswith(HEADER) else old
    RESULTS.write_text(HEADER + text + "\n" + rest)


def main(counts: list[int], repeat: int, write: bool = True, edits: int = 5, gate: bool = False) -> list[dict]:
    results = [bench(n, repeat, edits, gate, gate_rounds=max(repeat, 5) if repeat > 1 else 1) for n in counts]
    text = report(results)
    print(text)
    if write:
        record(text)
    return results


# --- installing the peers (the bench task calls this) -------------------------


def install_peers(say=print) -> list[str]:
    """Eleventy from package-lock.json (npm ci) and Hugo from Debian, each only
    when missing; what could not be installed comes back as notes, and the
    benchmark then skips that peer."""
    notes = []
    _, problem = eleventy_version()
    if problem and not node_problem():
        npm = shutil.which("npm")
        if not npm:
            notes.append("npm is not installed, so Eleventy is not: `apt-get install npm`")
        else:
            say(f"Installing Eleventy (npm ci in {ELEVENTY_HOME.relative_to(ROOT)}) ...")
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ELEVENTY_HOME, capture_output=True)
            if done.returncode != 0:
                notes.append(f"npm ci failed: {done.stderr.decode(errors='replace')[-500:]}")
    elif problem:
        notes.append(problem)
    if not shutil.which(HUGO_COMMAND):
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            notes.append("Hugo is missing and only root can `apt-get install hugo`")
        else:
            say("Installing Hugo (apt-get install hugo) ...")
            install = ["apt-get", "install", "-y", "--no-install-recommends", "hugo"]
            quiet = {"capture_output": True, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
            if subprocess.run(install, **quiet).returncode != 0:
                subprocess.run(["apt-get", "update"], **quiet)
                done = subprocess.run(install, **quiet)
                if done.returncode != 0:
                    notes.append(f"apt-get install hugo failed: {done.stderr.decode(errors='replace')[-500:]}")
    for note in notes:
        say(f"Benchmark peer skipped: {note}")
    return notes


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", default="1000", help="comma-separated story counts, e.g. 1000,5000")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds of builds")
    parser.add_argument("--edits", type=int, default=5, help="saves timed in each preview (0: no preview)")
    parser.add_argument("--gate", action="store_true", help="also measure what the privacy gate costs")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    main([int(n) for n in args.n.split(",")], args.repeat, not args.no_write, args.edits, args.gate)
