"""What share cards and search add to a build: the same N generated stories
built four ways, as shipped, without search (`CAMPAIGN["search"] = False`),
without share cards (`CAMPAIGN["share_cards"] = False`) and without either,
in alternating rounds whose order turns each round. Each variant is built
cold (no content cache, no card cache, no compiled templates, an empty
output folder), then warm (the cache and output that build left, one story
changed). Reports medians and ranges of wall and CPU seconds and peak
memory, what each feature adds (as shipped minus without it; both: as
shipped minus neither), the steps' own times as the build reports them, the
search bundle's and the cards' bytes, and the machine's load.

    .venv/bin/python benchmarks/feature_cost.py --n 1000 --repeat 3 [--write]
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import bench
from bench import JINJA_CACHE, ROOT, SETTINGS, WORK, Run, checkout, load_text, our_env, pelican_builder
from generate import generate


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    search: bool
    cards: bool


VARIANTS = (
    Variant("shipped", "as shipped", True, True),
    Variant("no-search", "without search", False, True),
    Variant("no-cards", "without share cards", True, False),
    Variant("neither", "without either", False, False),
)
SHIPPED, NO_SEARCH, NO_CARDS, NEITHER = VARIANTS
# What each feature costs: (what, the build with it, the build without it).
COSTS = (
    ("search adds", SHIPPED, NO_SEARCH),
    ("cards add", SHIPPED, NO_CARDS),
    ("both add", SHIPPED, NEITHER),
)
INDEX_LINE = re.compile(r"Search index: .*? in ([0-9.]+) s")
CARDS_LINE = re.compile(r"Share cards: drew ([0-9,]+), ([0-9,]+) unchanged \(([0-9.]+) s\)")


def campaign_setting(variant: Variant) -> list[str]:
    """A setting given with `-e` replaces CAMPAIGN whole: the benchmark's
    own, with this variant's features."""
    from pelican.settings import read_settings

    campaign = read_settings(str(SETTINGS)).get("CAMPAIGN", {})
    return [f"CAMPAIGN={json.dumps({**campaign, 'search': variant.search, 'share_cards': variant.cards})}"]


def builder(variant: Variant, work: Path, content: Path):
    """This project (benchconf.py) with the variant's features, its own
    output and cache folders. Every override goes after one `-e`: a second
    `-e` would replace the first's."""
    cache = work / f"cache-{variant.key}"
    extra = ["-e", f'CACHE_PATH="{cache}"', *campaign_setting(variant)]
    built = pelican_builder(
        variant.key, variant.label, content, work / f"out-{variant.key}", SETTINGS, extra, our_env(content), (cache,)
    )
    built.emptied = (JINJA_CACHE,)
    built.touch = sorted((content / "testimonies").glob("*.md"))[0]
    return built


def steps(run: Run) -> dict:
    """What the build says of its own steps: Pagefind's run, and the cards
    drawn and taken from the cache, each with its time."""
    said = {}
    index = INDEX_LINE.search(run.stderr)
    if index:
        said["index_s"] = float(index.group(1))
    cards = CARDS_LINE.search(run.stderr)
    if cards:
        said["cards_drawn"] = int(cards.group(1).replace(",", ""))
        said["cards_unchanged"] = int(cards.group(2).replace(",", ""))
        said["cards_s"] = float(cards.group(3))
    return said


def check_variant(variant: Variant, kind: str, run: Run):
    """A build that indexed or drew when its setting said not to (or the
    reverse) measured the wrong thing: stop rather than report it."""
    said = steps(run)
    if ("index_s" in said) != variant.search or ("cards_s" in said) != variant.cards:
        raise SystemExit(
            f"the {kind} build {variant.label} did not do what its settings say "
            f"(search {variant.search}, cards {variant.cards}):\n{run.stderr[-2000:]}"
        )


def folder_bytes(folder: Path, pattern: str = "*") -> tuple[int, int]:
    files = [p for p in folder.rglob(pattern) if p.is_file()] if folder.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def feature_cost(count: int = 1000, repeat: int = 3, work: Path | None = None) -> dict:
    """`repeat` rounds of the four variants, each cold then warm. The result
    holds every Run by (variant key, "cold" | "warm"), in round order."""
    work = work or WORK / str(count)
    work.mkdir(parents=True, exist_ok=True)
    load_before, uptime_before = os.getloadavg(), uptime()
    content, _plain = generate(work, count)
    builders = [(variant, builder(variant, work, content)) for variant in VARIANTS]
    runs: dict[tuple[str, str], list[Run]] = {(v.key, kind): [] for v in VARIANTS for kind in ("cold", "warm")}
    for round_ in range(repeat):
        turn = round_ % len(builders)  # who goes first changes, so drift in the machine hits all alike
        for variant, built in builders[turn:] + builders[:turn]:
            for kind, build in (("cold", built.cold), ("warm", built.warm)):
                run = build()
                check_variant(variant, kind, run)
                runs[(variant.key, kind)].append(run)
    shipped = work / f"out-{SHIPPED.key}"
    return {
        "n": count,
        "repeat": repeat,
        "runs": runs,
        "steps": {key: [steps(r) for r in measured] for key, measured in runs.items()},
        "bundle": folder_bytes(shipped / "pagefind"),
        "cards": folder_bytes(shipped / "share-cards", "*.png"),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "uptime_before": uptime_before,
        "uptime_after": uptime(),
        "cores": os.cpu_count(),
        "checkout": checkout(),
    }


# --- the report -----------------------------------------------------------------


def spread(values: list[float], digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def measured(r: dict, variant: Variant, kind: str, what: str) -> list[float]:
    return [getattr(run, what) for run in r["runs"][(variant.key, kind)]]


def added(r: dict, kind: str, what: str, with_it: Variant, without: Variant) -> str:
    """The difference of the medians, as a share of the build without the
    feature, and the range of the round-by-round differences."""
    unit = " MB" if what == "peak_mb" else " s"
    digits = 0 if what == "peak_mb" else 2
    on, off = measured(r, with_it, kind, what), measured(r, without, kind, what)
    # Rounded before the sign is printed: no "-0".
    difference = round(statistics.median(on) - statistics.median(off), digits) + 0.0
    rounds = [round(a - b, digits) + 0.0 for a, b in zip(on, off, strict=True)]
    share = f" ({difference / statistics.median(off):+.0%})" if statistics.median(off) else ""
    return f"{difference:+.{digits}f}{unit}{share}, rounds {min(rounds):+.{digits}f} to {max(rounds):+.{digits}f}"


def step_line(r: dict, variant: Variant, kind: str, name: str) -> list[float]:
    return [said[name] for said in r["steps"][(variant.key, kind)] if name in said]


MEASURES = (("wall", "wall s", 2), ("cpu", "CPU s", 2), ("peak_mb", "peak MB", 0))
KINDS = (("cold", "cold"), ("warm", "warm, one story changed"))


def report(r: dict) -> str:
    cores = r["cores"]
    busy = max(r["load_before"][0], r["load_after"][0]) > cores
    lines = [
        f"## {datetime.datetime.now():%Y-%m-%d %H:%M} · what share cards and search add · N={r['n']:,} · "
        f"{cores} cores · Python {platform.python_version()}",
        "",
        f"This project at {r['checkout']}. Medians of {r['repeat']} alternating rounds (range); "
        "each variant built cold (no content or card cache, no compiled templates, empty output), "
        "then warm (its cache and output kept, one story changed).",
        "",
        f"Load average (1 / 5 / 15 min) before: {load_text(r['load_before'])}; after: "
        f"{load_text(r['load_after'])}; {cores} cores. "
        + (
            "**The machine was busy** (a 1-minute load above its core count): wall times are inflated "
            "and noisy; CPU times hold better."
            if busy
            else "The machine was otherwise quiet."
        ),
        f"`uptime` before: `{r['uptime_before']}`; after: `{r['uptime_after']}`.",
        "",
        "| build | measure | " + " | ".join(v.label for v in VARIANTS) + " |",
        "|---|---|" + "---|" * len(VARIANTS),
    ]
    for kind, label in KINDS:
        for what, name, digits in MEASURES:
            cells = [spread(measured(r, v, kind, what), digits) for v in VARIANTS]
            lines.append(f"| {label} | {name} | " + " | ".join(cells) + " |")
    lines += ["", "| build | measure | " + " | ".join(c[0] for c in COSTS) + " |", "|---|---|---|---|---|"]
    for kind, label in KINDS:
        for what, name, _digits in MEASURES:
            cells = [added(r, kind, what, on, off) for _what, on, off in COSTS]
            lines.append(f"| {label} | {name} | " + " | ".join(cells) + " |")
    bundle_files, bundle_bytes = r["bundle"]
    card_files, card_bytes = r["cards"]
    lines += ["", "As the builds (as shipped) report their own steps:", ""]
    for kind, label in KINDS:
        index = step_line(r, SHIPPED, kind, "index_s")
        drawn = step_line(r, SHIPPED, kind, "cards_drawn")
        cards = step_line(r, SHIPPED, kind, "cards_s")
        lines.append(
            f"- {label}: Pagefind {spread(index)} s; share cards {spread(cards)} s, "
            f"drawing {statistics.median(drawn):,.0f} of {card_files:,}"
        )
    lines += [
        "",
        f"The search bundle: {bundle_files:,} files, {bundle_bytes / 1e6:.1f} MB. "
        f"The share cards: {card_files:,} PNGs, {card_bytes / 1e6:.1f} MB "
        f"({card_bytes / max(card_files, 1) / 1024:.0f} KB each on average).",
    ]
    return "\n".join(lines) + "\n"


def main(count: int, repeat: int, write: bool = False) -> dict:
    result = feature_cost(count, repeat)
    text = report(result)
    print(text)
    if write:
        bench.record(text)
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="how many stories")
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds of the four variants")
    parser.add_argument("--write", action="store_true", help="put the report on top of benchmarks/RESULTS.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    main(args.n, args.repeat, args.write)
