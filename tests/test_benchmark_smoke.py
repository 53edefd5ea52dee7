"""The benchmark still runs (N=100, one run each). No timing is asserted:
targets are read from its report, never enforced as a timed test."""

import sys

import yaml
from helpers import ROOT
from tasks_helpers import run_check

sys.path.insert(0, str(ROOT / "benchmarks"))


def test_benchmark_runs_at_n_100(tmp_path, monkeypatch):
    import bench

    monkeypatch.setattr(bench, "RESULTS", tmp_path / "RESULTS.md")
    results = bench.main([100], repeat=1, write=True)
    (result,) = results
    for key in (
        "full_wall",
        "plain_wall",
        "full_cpu",
        "full_peak_mb",
        "cache_cold",
        "cache_warm",
        "cold_gate",
        "cold_nogate",
    ):
        assert result[key] > 0, key
    assert result["page_bytes"] > 1000 and result["feed_bytes"] > 1000
    report = (tmp_path / "RESULTS.md").read_text()
    assert "| 100 |" in report and "cores" in report
    assert result["gate_after"] >= 0
    assert "cold build with the privacy gate s" in report and "gate's cost" in report


def test_generated_campaigns_are_real_campaigns(tmp_path):
    """The stories the benchmark builds are ones `check` passes, anonymous ones
    with their tellers in the register beside them and nowhere else, citing
    facts and a petition of their own (never the project's content/); the plain
    baseline is the same Markdown without our callouts; and a second run writes
    the same bytes."""
    import generate

    full, plain = generate.generate(tmp_path / "work", 12)
    stories = sorted((full / "testimonies").glob("*.md"))
    assert len(stories) == 12 and len(list((plain / "testimonies").glob("*.md"))) == 12
    checked = run_check(full)
    assert checked.splitlines()[-1].startswith("0 errors"), checked
    for story in stories:
        text = story.read_text()
        assert "Petition: " in text and "Facts: " in text
        assert text.count("[fact: ") == 2 and generate.CALLOUT in text.split("\n")  # one inline, one callout line
        baseline = (plain / "testimonies" / story.name).read_text()
        assert baseline == "\n".join(line for line in text.split("\n") if line != generate.CALLOUT)
    anonymous = [s for s in stories if "Anonymous: yes" in s.read_text()]
    register = yaml.safe_load((tmp_path / "work/private/storytellers.yml").read_text())
    assert anonymous and len(register) == len(anonymous)
    names = [part for entry in register.values() for part in entry["name"].lower().split()]
    for story in stories:
        assert not any(name in story.read_text().lower() for name in names), story
    again_full, _ = generate.generate(tmp_path / "again", 12)
    assert [s.read_bytes() for s in sorted((again_full / "testimonies").glob("*.md"))] == [
        s.read_bytes() for s in stories
    ]


def test_preview_latency_is_measured(tmp_path):
    """benchmarks/preview_latency.py times saves against a real preview; here
    only that it measures each save (its target is read from its report)."""
    import preview_latency

    result = preview_latency.measure_preview(count=30, edits=2, work=tmp_path / "work")
    assert len(result["to_page"]) == 2 and all(value > 0 for value in result["to_page"])
    assert all(done >= page for done, page in zip(result["to_up_to_date"], result["to_page"], strict=True))
    assert "median" in preview_latency.summary(result) and "Load average" in preview_latency.summary(result)


def test_the_search_cost_benchmark_runs(monkeypatch, tmp_path):
    """benchmarks/search_cost.py builds with and without search and reports
    both (N=10, one run each); no timing is asserted."""
    import bench
    import search_cost

    monkeypatch.setattr(search_cost, "WORK", tmp_path / "work")
    monkeypatch.setattr(bench, "WORK", tmp_path / "work")
    result = search_cost.search_cost(10, repeat=1)
    for key in ("cold_on", "cold_off", "warm_on", "warm_off"):
        assert result[key][0] > 0, key
    assert result["bundle_files"] > 5 and all(seconds > 0 for seconds in result["index_s"])
    # Each build got all its settings (a second `-e` would replace the first).
    assert result["indexed"] == {"cold_on": True, "cold_off": False, "warm_on": True, "warm_off": False}
    text = search_cost.report(result)
    assert "| cold (no content cache) |" in text and "load average" in text
