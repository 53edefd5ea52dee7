"""The benchmark still runs, at a tiny N and one round. No timing is
asserted: targets are read from its report, never enforced as a timed test.
Eleventy and Hugo are exercised where they are installed (`invoke bench`
installs them) and skipped here where they are not."""

import re
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from lxml import etree
from lxml import html as lxml_html
from tasks_helpers import run_check

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402
import generate  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def bench_in(tmp_path, monkeypatch):
    """The benchmark with its work folder and RESULTS.md in tmp_path."""
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "RESULTS.md")
    monkeypatch.setattr(bench, "WORK", tmp_path / "work")
    return bench


def installed_peers() -> dict:
    found = {}
    for peer, version in (("eleventy", bench.eleventy_version), ("hugo", bench.hugo_version)):
        number, problem = version()
        if not problem:
            found[peer] = number
    return found


def test_benchmark_runs_at_a_tiny_n(bench_in):
    (result,) = bench_in.main([16], repeat=1, write=True, edits=1, gate=True)
    runs = result["runs"]
    for row in (("ours-1", "cold"), ("ours-2", "cold"), ("ours-2", "warm"), ("plain", "cold"), ("plain-cache", "warm")):
        (run,) = runs[row].values()
        assert run.wall > 0 and run.cpu > 0 and run.peak_mb > 10, row
    report = (bench_in.RESULTS).read_text()
    assert report.startswith(bench.HEADER)
    assert re.search(r"Load average \(1 / 5 / 15 min\) before: [0-9.]+ / [0-9.]+ / [0-9.]+; after: ", report)
    assert "| 16 | this project, 1 worker, cold |" in report and "| 16 | plain Pelican, cold |" in report
    assert "| 16 | this project, 2 workers, one story changed, cache warm |" in report
    # Every target of issue 16 has its line; none can be judged at N=16.
    for target in bench.TARGETS:
        assert f"| {target.text} | — | not measured: N={target.n:,} was not in this run |" in report
    assert "cold build with the privacy gate s" in report and result["gate"]["after"][0] >= 0
    previews = {p.key: p for p in result["previews"]}
    assert len(previews["ours"].latencies) == 1 and previews["ours"].latencies[0] > 0
    peers = installed_peers()
    for peer, version in peers.items():
        (run,) = runs[(peer, "cold")].values()
        assert run.wall > 0 and run.peak_mb > 10, peer
        assert len(previews[peer].latencies) == 1, result["notes"]
        assert f"| 16 | cold, ours (2 workers) / {peer.capitalize()} |" in report
        assert f"| 16 | {peer.capitalize()} {version}, cold |" in report
    for peer in {"eleventy", "hugo"} - set(peers):
        assert f"{peer.capitalize()} skipped: " in report
    # The edited stories were put back: a second run builds the same campaign.
    work = bench_in.WORK / "16"
    assert not any("pvm" in p.read_text() for p in work.rglob("testimony-*.md"))
    assert not any("warm rebuild" in p.read_text() for p in work.rglob("testimony-*.md"))


def test_a_peer_missing_or_failing_is_a_note_not_a_crash(bench_in, monkeypatch):
    monkeypatch.setattr(bench, "ELEVENTY_CLI", Path("/nonexistent/eleventy/cmd.cjs"))
    monkeypatch.setattr(bench, "hugo_version", lambda: ("0.0.1", None))

    def broken_hugo(work, site, version):
        fails = [sys.executable, "-c", "import sys; sys.exit('this Hugo is broken on purpose')"]
        return bench.Builder("hugo", "Hugo 0.0.1", fails, site)

    monkeypatch.setattr(bench, "hugo", broken_hugo)
    (result,) = bench_in.main([6], repeat=2, write=True, edits=0)
    report = bench_in.RESULTS.read_text()
    assert "Eleventy skipped: Eleventy is not installed in benchmarks/peers/eleventy/node_modules" in report
    assert "Hugo 0.0.1 (cold) failed in round 1 and was left out after it" in report
    assert "this Hugo is broken on purpose" in report
    assert ("hugo", "cold") not in result["runs"] and len(result["runs"][("plain", "cold")]) == 2
    assert "| 6 | plain Pelican, cold |" in report and "Hugo 0.0.1, cold" not in report


def test_a_missed_target_says_by_how_much():
    target = bench.TARGETS[1]  # cold build <= 1.0x plain Pelican at N=1,000
    assert bench.verdict(target, (1.25, 1.2, 1.3)) == "MISSED by 0.25× (20% less time would meet it)"
    assert bench.verdict(target, (0.9, 0.8, 1.0)) == "met, 0.10× to spare"
    memory = next(t for t in bench.TARGETS if "memory" in t.text)
    assert bench.verdict(memory, (2.0, 1.9, 2.1)) == "MISSED by 0.50× (25% less memory would meet it)"


def test_generated_campaigns_are_real_campaigns(tmp_path):
    """The stories the benchmark builds are ones `check` passes, anonymous ones
    with their tellers in the register beside them and nowhere else, citing
    facts and a petition of their own (never the project's content/); the plain
    baseline is the same Markdown without our callouts; and a second run writes
    the same bytes."""
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


def header(text: str) -> dict:
    return dict(line.split(": ", 1) for line in text.partition("\n\n")[0].split("\n"))


def test_peer_sites_hold_the_same_stories(tmp_path):
    """Eleventy's and Hugo's sources are our stories: the same title, date,
    byline, region and tags in front matter, the plain baseline's Markdown as
    the body, and no anonymous teller's name (they have none to give)."""
    full, plain = generate.generate(tmp_path, 12)
    sites = generate.generate_peers(tmp_path, full)
    folders = {"eleventy": sites["eleventy"] / "src/testimonies", "hugo": sites["hugo"] / "content/testimonies"}
    for peer, folder in folders.items():
        written = sorted(folder.glob("*.md"))
        assert [p.name for p in written] == [p.name for p in sorted((full / "testimonies").glob("*.md"))], peer
        for page in written:
            ours = header((full / "testimonies" / page.name).read_text())
            _, matter, body = page.read_text().split("---\n", 2)
            fields = yaml.safe_load(matter)
            assert fields["title"] == ours["Title"] and fields["quote"] == ours["Quote"]
            assert fields["date"].replace("T", " ")[:16] == ours["Date"]
            tags = fields["storyTags"] if peer == "eleventy" else fields["tags"]
            assert tags == [t.strip() for t in ours["Tags"].split(",")]
            region = fields["region"] if peer == "eleventy" else fields["regions"][0]
            assert region == ours["Category"]
            author = fields.get("author") if peer == "eleventy" else (fields.get("authors") or [None])[0]
            assert author == ours.get("Author")  # None for an anonymous story
            assert body.lstrip("\n") == (plain / "testimonies" / page.name).read_text().partition("\n\n")[2]


@pytest.mark.parametrize("peer", ["eleventy", "hugo"])
def test_peer_builds_a_page_set_like_ours(tmp_path, peer):
    """Built at N=12, each peer writes what we compare with: a page per story
    with its title and text, the testimonies listing, a page per tag, region
    and author with its stories, the home page, and one Atom feed of every
    story (fewer than 50) with its content."""
    number, problem = (bench.eleventy_version if peer == "eleventy" else bench.hugo_version)()
    if problem:
        pytest.skip(problem)
    full, _ = generate.generate(tmp_path, 12)
    sites = generate.generate_peers(tmp_path, full)
    builder = (bench.eleventy if peer == "eleventy" else bench.hugo)(tmp_path, sites[peer], number)
    builder.cold()
    out = tmp_path / f"out-{peer}"
    stories = {p.stem: header(p.read_text()) for p in sorted((full / "testimonies").glob("*.md"))}
    for stem, fields in stories.items():
        page = lxml_html.parse(str(out / "testimonies" / stem / "index.html")).getroot()
        assert page.findtext(".//h1").strip() == fields["Title"].strip()
        assert fields["Quote"] in page.text_content()
        assert "Anonymous" in page.text_content() if "Author" not in fields else fields["Author"] in page.text_content()
    listing = (out / "testimonies" / "index.html").read_text()
    assert all(f"/testimonies/{stem}/" in listing for stem in stories)
    tags = {t.strip() for fields in stories.values() for t in fields["Tags"].split(",")}
    assert {p.name for p in (out / "tags").iterdir() if p.is_dir()} == tags
    for tag in tags:
        tagged = {stem for stem, fields in stories.items() if tag in [t.strip() for t in fields["Tags"].split(",")]}
        page = (out / "tags" / tag / "index.html").read_text()
        assert {stem for stem in stories if f"/testimonies/{stem}/" in page} == tagged, tag
    regions = {fields["Category"].lower().replace(" ", "-") for fields in stories.values()}
    assert {p.name for p in (out / "regions").iterdir() if p.is_dir()} == regions
    named = {f["Author"].lower().replace(" ", "-") for f in stories.values() if "Author" in f}
    assert {p.name for p in (out / "authors").iterdir() if p.is_dir()} == named
    home = (out / "index.html").read_text()
    assert sum(f"/testimonies/{stem}/" in home for stem in stories) == 12
    feed = etree.parse(str(out / "feeds" / "all.atom.xml")).getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}title") for e in entries) == sorted(f["Title"] for f in stories.values())
    assert all("<p>" in e.findtext(f"{ATOM}content") for e in entries)
    assert (out / "sitemap.xml").exists() and (out / "archives" / "index.html").exists()


def test_preview_latency_is_measured(tmp_path):
    """benchmarks/preview_latency.py times saves against a real preview; here
    only that it measures each save (its target is read from its report)."""
    import preview_latency

    result = preview_latency.measure_preview(count=30, edits=2, work=tmp_path / "work")
    assert len(result["to_page"]) == 2 and all(value > 0 for value in result["to_page"])
    assert all(done >= page for done, page in zip(result["to_up_to_date"], result["to_page"], strict=True))
    assert "median" in preview_latency.summary(result) and "Load average" in preview_latency.summary(result)


def test_the_feature_cost_benchmark_runs(tmp_path):
    """benchmarks/feature_cost.py builds as shipped, without search, without
    cards and without either, cold then warm (N=10, one round), and reports
    each; no timing is asserted."""
    import feature_cost

    result = feature_cost.feature_cost(10, repeat=1, work=tmp_path / "work")
    for variant in feature_cost.VARIANTS:
        for kind in ("cold", "warm"):
            (run,) = result["runs"][(variant.key, kind)]
            assert run.wall > 0 and run.cpu > 0 and run.peak_mb > 10, (variant, kind)
            # Each build got all its settings (a second `-e` would replace the first).
            (said,) = result["steps"][(variant.key, kind)]
            assert ("index_s" in said, "cards_s" in said) == (variant.search, variant.cards), (variant, kind)
    shipped = feature_cost.SHIPPED.key
    (cold,), (warm,) = result["steps"][(shipped, "cold")], result["steps"][(shipped, "warm")]
    # Cold, every card is drawn; warm, the cache has them all (the edit is in no card's text).
    assert cold["cards_drawn"] == result["cards"][0] > 10 and cold["cards_unchanged"] == 0
    assert warm["cards_drawn"] == 0 and warm["cards_unchanged"] == result["cards"][0]
    assert result["bundle"][0] > 5 and result["cards"][1] > 0
    assert not any("warm rebuild" in p.read_text() for p in (tmp_path / "work").rglob("testimony-*.md"))
    text = feature_cost.report(result)
    assert "| build | measure | as shipped | without search | without share cards | without either |" in text
    assert "| cold | CPU s |" in text and "| warm, one story changed | wall s |" in text
    assert re.search(r"Load average \(1 / 5 / 15 min\) before: [0-9.]+ / [0-9.]+ / [0-9.]+; after: ", text)
    assert f"{result['cores']} cores" in text and "load average" in text  # uptime's own words


def test_a_variant_that_did_not_do_what_it_was_set_to_stops_the_benchmark():
    import feature_cost

    said = "Search index: 10 pages (en) in 0.05 s.\nShare cards: drew 3, 0 unchanged (0.01 s).\n"
    indexed = bench.Run(1.0, 1.0, 50.0, said)
    feature_cost.check_variant(feature_cost.SHIPPED, "cold", indexed)
    with pytest.raises(SystemExit, match="did not do what its settings say"):
        feature_cost.check_variant(feature_cost.NO_SEARCH, "cold", indexed)
