"""The output privacy gate on its own, and the output-folder guard.

The gate is the last line of defence: these tests give it a finished folder
directly, or a build whose leak no field check can see, and show it stops
each one.
"""

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from campaign.folders import output_folder_problem
from campaign.frontmatter import parse_header
from campaign.gate import Gate
from campaign.names import NameMatcher, Storyteller, fold, name_parts
from campaign.privacy import storytellers
from campaign.search import SearchFiles
from helpers import (
    ROOT,
    TEST_PUBLISH_SETTINGS,
    anonymous_campaign,
    fixture_env,
    minimal_content,
    run_pelican,
    tree_digest,
    words_found,
    write_files,
    write_settings,
)
from PIL import Image
from tasks_helpers import run_check

CORPUS = Path(__file__).parent / "bad_inputs"
TELLER = Storyteller("testimonies/hidden-name.md", frozenset(name_parts("Zephyrine Quillfeather-Okonjo")))


def scan(tmp_path, files: dict, teller=TELLER, forbidden_urls=(), search=None):
    site = tmp_path / "site"
    for relative, data in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    problems, leaking = Gate(NameMatcher([teller]), {}, dict(forbidden_urls), search=search).scan(site)
    return [str(p) for p in problems], sorted(p.relative_to(site).as_posix() for p in leaking)


def test_name_parts_ignore_case_accents_width_and_particles():
    assert name_parts("Sólveig de la Ångströmsdóttir y Ørsted") == {"solveig", "angstromsdottir", "orsted"}
    assert fold("ＡＮＧＳＴＲÖＭ") == "angstrom"


def test_a_clean_site_passes(tmp_path):
    problems, leaking = scan(
        tmp_path,
        {
            "index.html": "<p>Okonjoville is a town; quill feathers are not a name.</p>",
            "feeds/all.json": json.dumps({"title": "Stories"}),
            "theme/css/site.css": "body { color: #000; }",
        },
    )
    assert problems == [] and leaking == []


@pytest.mark.parametrize(
    "relative,data,where",
    [
        ("okonjo/index.html", "<p>hello</p>", "okonjo:1: its name contains `okonjo`"),
        ("index.html", "<p>line one</p>\n<p>Thanks, Ok&#111;njo</p>", "index.html:2: its text contains `okonjo`"),
        ("feeds/all.json", json.dumps({"author": "ZEPHYRINE"}), "feeds/all.json:1: its text contains `zephyrine`"),
        (
            "feeds/all.atom.xml",
            "<feed><title>&lt;b&gt;Quillfeather&lt;/b&gt;</title></feed>",
            "feeds/all.atom.xml:1: its text contains `quillfeather`",
        ),
        (
            "tags/index.html",
            "<a href='/tags/%EF%BC%AF%EF%BD%8B%EF%BD%8F%EF%BD%8E%EF%BD%8A%EF%BD%8F/'>x</a>",
            "tags/index.html:1: its text contains `okonjo`",
        ),
        (
            "images/x.png",
            b"\x89PNG\r\n\x1a\n....tEXtAuthor\x00Okonjo....",
            "images/x.png:1: its bytes contain `okonjo`",
        ),
    ],
)
def test_the_gate_finds_a_name_however_it_is_written(tmp_path, relative, data, where):
    problems, leaking = scan(tmp_path, {relative: data, "about/index.html": "<p>nothing here</p>"})
    assert any(p.startswith(where) for p in problems), problems
    assert "about/index.html" not in leaking and leaking


def test_the_gate_matches_accents_both_ways(tmp_path):
    teller = Storyteller("testimonies/a.md", frozenset(name_parts("Sólveig Ångströmsdóttir")))
    problems, _ = scan(
        tmp_path,
        {"index.html": "<p>the ANGSTROMSDOTTIR pile</p>", "feeds/all.json": json.dumps({"t": "Ångströmsdóttir"})},
        teller,
    )
    assert len(problems) == 2, problems
    assert all("`angstromsdottir`" in p for p in problems)


def test_tag_and_attribute_names_are_not_words_a_reader_sees(tmp_path):
    teller = Storyteller("testimonies/a.md", frozenset(name_parts("Li Strong")))
    markup = '<ul class="x"><li><strong lang="en">Caseloads</strong></li></ul><atom:link rel="self"/>'
    problems, _ = scan(tmp_path, {"index.html": markup, "feeds/all.atom.xml": f"<feed>{markup}</feed>"}, teller)
    assert problems == []
    problems, _ = scan(tmp_path, {"index.html": markup + "<p>Thanks to Li, and to <b title='Strong'>x</b></p>"}, teller)
    assert len(problems) == 1 and "its text contains `li` and `strong`, parts of the name" in problems[0], problems


def test_an_allowed_word_passes_and_the_rest_of_the_name_does_not(tmp_path):
    teller = Storyteller("testimonies/a.md", frozenset(name_parts("Rose Okonjo")), frozenset({"rose"}))
    problems, _ = scan(
        tmp_path, {"index.html": "<p>A rose for every worker.</p>", "b/index.html": "<p>Okonjo</p>"}, teller
    )
    assert problems and all(p.startswith("b/index.html") for p in problems), problems


@pytest.mark.parametrize(
    "relative,data,expected",
    [
        ("images/flyer.pdf", b"%PDF-1.4 Author", "is a `.pdf` file, which this site never publishes"),
        ("images/x.heic", b"....ftypheic", "is a `.heic` file"),
        ("images/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        ("images/logo2.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "onload= on <svg>"),
    ],
)
def test_the_gate_refuses_unsafe_files(tmp_path, relative, data, expected):
    problems, leaking = scan(tmp_path, {relative: data})
    assert any(expected in p for p in problems), problems
    assert leaking == [relative]


def test_the_gate_refuses_a_photo_with_its_camera_data(tmp_path):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Camera Owner"
    Image.new("RGB", (8, 8)).save(buffer, format="JPEG", exif=exif.tobytes())
    problems, _ = scan(tmp_path, {"images/p.jpg": buffer.getvalue()})
    assert any("still carries" in p for p in problems), problems


def test_the_gate_refuses_a_draft_address(tmp_path):
    problems, _ = scan(
        tmp_path,
        {"news/x/index.html": '<a href="../../drafts/wintergreen-evenings.html">x</a>'},
        forbidden_urls={"drafts/wintergreen-evenings.html": "the address of a draft"},
    )
    assert any("the address of a draft" in p for p in problems), problems


def test_the_gate_alone_stops_a_name_the_field_checks_cannot_see(tmp_path):
    """A theme prints a credit line from a setting: no content file names the
    storyteller, so `check` passes, and only the gate can stop the build."""
    content = anonymous_campaign(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", '<p class="credit">{{ CREDIT_LINE }}</p>\n</body>'))
    settings = write_settings(
        tmp_path / "settings.py",
        f"THEME = {str(theme)!r}\nCREDIT_LINE = 'Photos: Z. Quillfeather-Okonjo'\n",
        base="testsite_publish",
    )
    assert "0 errors" in run_check(content)
    site = tmp_path / "out"
    result = run_pelican(content, site, settings)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr.split("the build stopped")[0]
    assert (
        "testimonies/the-night-intake-ran-out-of-beds/index.html:" in result.stderr
        and "its text contains `quillfeather` and `okonjo`, parts of the name of the anonymous storyteller of "
        "testimonies/hidden-name.md, written for testimonies/hidden-name.md"
        in result.stderr
    ), result.stderr[-3000:]
    assert "these files were deleted" in result.stderr
    # What leaked was deleted: nothing left on disk carries the name.
    assert words_found(site, ["quillfeather", "okonjo", "zephyrine"]) == []
    # The same site without the credit line builds.
    settings.write_text(settings.read_text().replace("Photos: Z. Quillfeather-Okonjo", "Photos: the union"))
    assert run_pelican(content, site, settings).returncode == 0


def pagefind_file(data: bytes) -> bytes:
    """A file as Pagefind writes its index: gzipped, after its signature."""
    return gzip.compress(b"pagefind_dcd" + data)


FRAGMENT = "pagefind/fragment/en_1a2b3c4.pf_fragment"


def test_the_gate_reads_the_search_index_decompressed(tmp_path):
    """Compressed, a name is invisible to a byte search: the gate reads the
    index's own data, and finds a name in a fragment, a filter or the index."""
    fragment = json.dumps({"url": "/testimonies/x/", "content": "Told by Zephyrine Okonjo."}).encode()
    files = {
        FRAGMENT: pagefind_file(fragment),
        "pagefind/filter/en_5d6e7f8.pf_filter": pagefind_file(b"\x82eTopic\x81\x82lquillfeather\x81\x00"),
        "pagefind/pagefind-entry.json": json.dumps({"version": "1.5.2"}),
        "pagefind/pagefind-ui.js": "export const words = {};",
    }
    assert b"okonjo" not in files[FRAGMENT].lower()  # what a byte search would read
    problems, leaking = scan(tmp_path, files, search=SearchFiles())
    # The index keeps words as stems no name matches: the whole bundle goes.
    assert leaking == ["pagefind", "pagefind/filter/en_5d6e7f8.pf_filter", FRAGMENT]
    assert any(p.startswith(f"{FRAGMENT}:1: its search index data contains `zephyrine` and `okonjo`") for p in problems)
    assert any(
        p.startswith("pagefind/filter/en_5d6e7f8.pf_filter:1: its search index data contains `quillfeather`")
        for p in problems
    )
    assert len(problems) == 2, problems


def test_the_gate_refuses_an_index_file_it_cannot_read(tmp_path):
    problems, leaking = scan(tmp_path, {FRAGMENT: b"\x1f\x8bnot gzip at all"}, search=SearchFiles())
    assert leaking == ["pagefind", FRAGMENT]
    assert problems == [
        f"{FRAGMENT}:1: is a search index file that could not be decompressed, so the gate cannot read it "
        "(build again: the search index is written afresh on every build)"
    ]


@pytest.mark.parametrize(
    "relative",
    ["theme/js/other.js", "images/pagefind/x.pf_fragment", "pagefind-ui.js", "pagefind/notes.md"],
)
def test_scripts_and_index_files_are_published_only_where_search_puts_them(tmp_path, relative):
    """A site with search publishes scripts in its bundle and the theme's
    search.js, and nowhere else; a site without search publishes none."""
    problems, leaking = scan(tmp_path, {relative: b"x"}, search=SearchFiles())
    assert relative in leaking and "which this site never publishes" in problems[0], problems
    problems, leaking = scan(tmp_path / "off", {"theme/js/search.js": "x", FRAGMENT: pagefind_file(b"{}")})
    assert leaking == [FRAGMENT, "theme/js/search.js"]
    allowed, _ = scan(
        tmp_path / "on", {"theme/js/search.js": "x", FRAGMENT: pagefind_file(b"{}")}, search=SearchFiles()
    )
    assert allowed == []


def test_the_gate_finds_a_name_in_the_search_index_of_a_build(tmp_path):
    """A theme prints a credit line inside the story, where Pagefind indexes
    it: the gate stops the build on the page and on each index file that
    holds the name, and deletes them all."""
    content = anonymous_campaign(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates/article.html"
    article.write_text(
        article.read_text().replace(
            '<div class="story-content e-content">',
            '<p class="credit">{{ CREDIT_LINE }}</p>\n  <div class="story-content e-content">',
        )
    )
    settings = write_settings(
        tmp_path / "settings.py",
        f"THEME = {str(theme)!r}\nCREDIT_LINE = 'Photos: Z. Quillfeather-Okonjo'\n",
        base="testsite_publish",
    )
    site = tmp_path / "out"
    result = run_pelican(content, site, settings)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Search index: " in result.stderr  # indexed before the gate's scan
    leaks = [line for line in result.stderr.splitlines() if "its search index data contains" in line]
    assert any(line.startswith("pagefind/fragment/en_") and ".pf_fragment:1:" in line for line in leaks), leaks
    assert any(line.startswith("pagefind/index/en_") for line in leaks), leaks  # read as CBOR, word by word
    assert "testimonies/the-night-intake-ran-out-of-beds/index.html:" in result.stderr
    assert not (site / "pagefind").exists()
    # Read apart from the gate, decompressed: nothing left carries the name.
    assert words_found(site, ["quillfeather", "okonjo", "zephyrine"]) == []
    settings.write_text(settings.read_text().replace("Photos: Z. Quillfeather-Okonjo", "Photos: the union"))
    assert run_pelican(content, site, settings).returncode == 0
    assert list((site / "pagefind" / "fragment").glob("en_*.pf_fragment"))


def test_the_gate_reads_the_pages_other_processes_wrote(tmp_path):
    """With two cores, forked workers write some story pages: the gate still
    finds a name on every page and deletes each one."""
    content = anonymous_campaign(tmp_path / "content")
    write_files(
        content,
        {
            f"news/post-{number:02}.md": f"Title: Post {number}\nId: post-{number:04}\nDate: 2026-10-0{1 + number % 9}\n\nText.\n"
            for number in range(60)
        },
    )
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", '<p class="credit">{{ CREDIT_LINE }}</p>\n</body>'))
    settings = write_settings(
        tmp_path / "settings.py",
        f"THEME = {str(theme)!r}\nCREDIT_LINE = 'Photos: Z. Quillfeather-Okonjo'\n",
        base="testsite_publish",
    )
    site = tmp_path / "out"
    result = run_pelican(content, site, settings, env_extra={"CAMPAIGN_WORKERS": "2"})
    assert result.returncode == 1, result.stderr[-2000:]
    for number in range(60):
        assert f"news/post-{number}/index.html:" in result.stderr, (number, result.stderr[-3000:])
    assert words_found(site, ["quillfeather", "okonjo", "zephyrine"]) == []


def test_storytellers_come_from_anonymous_stories_only():
    named = parse_header("Title: A\nAuthor: Rosalind Teague\n\nText\n")
    anonymous = parse_header(
        "Title: B\nAuthor: Zephyrine Okonjo\nAnonymous: yes\nAllow-Name-Words: Zephyrine\n\nText\n"
    )
    tellers = storytellers([("a.md", named), ("b.md", anonymous)])
    assert tellers == [Storyteller("b.md", frozenset({"zephyrine", "okonjo"}), frozenset({"zephyrine"}), ("b.md", 4))]


def test_an_allowed_name_word_is_listed_by_check(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    story = content / "testimonies/hidden-name.md"
    story.write_text(story.read_text() + "\nA quillfeather pen was on the desk.\n")
    register = content.parent / "private/storytellers.yml"
    register.write_text(register.read_text() + "  allow: [Quillfeather]\n")
    output = run_check(content)
    assert (
        "private/storytellers.yml:2: warning: `quillfeather`, part of the name of the anonymous storyteller of "
        "testimonies/hidden-name.md, is allowed to appear on the site"
    ) in output
    assert "0 errors" in output


# --- the output folder ------------------------------------------------------


def fake_project(folder: Path) -> Path:
    write_files(folder, {"pelicanconf.py": "SITENAME = 'x'\n", "notes.txt": "keep me\n"})
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return folder


@pytest.mark.parametrize("which", ["project", "parent-of-project", "git-folder"])
def test_plain_pelican_never_deletes_a_project(tmp_path, which):
    content = minimal_content(tmp_path / "content")
    project = fake_project(tmp_path / "elsewhere" / "project")
    if which == "git-folder":
        project = tmp_path / "checkout"
        (project / ".git").mkdir(parents=True)
        (project / "index.html").write_text("old")
    output = project.parent if which == "parent-of-project" else project
    before = tree_digest(tmp_path)
    result = (
        run_pelican(content, output, TEST_PUBLISH_SETTINGS)
        if which != "parent-of-project"
        else _run_from(project, content, output)
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "the output folder" in result.stderr
    assert tree_digest(tmp_path) == before


def _run_from(cwd: Path, content: Path, output: Path):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(TEST_PUBLISH_SETTINGS), "-o", str(output)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, **fixture_env(content)),
    )


def test_the_output_folder_rule(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "organizer"))
    content = tmp_path / "content"
    content.mkdir()
    assert "root of the disk" in output_folder_problem(Path("/"), content)
    assert "your home folder" in output_folder_problem(Path.home(), content)
    assert "contains your home folder" in output_folder_problem(Path.home().parent, content)
    assert "contains the theme" in output_folder_problem(
        tmp_path / "t", content, {tmp_path / "t" / "theme": "the theme"}
    )
    assert output_folder_problem(tmp_path / "output", content) is None


def test_the_gate_reads_a_name_split_by_inline_tags_or_invisible_characters(tmp_path):
    problems, _ = scan(
        tmp_path,
        {
            "a/index.html": "<p>Thanks, Zephy<em>rine</em></p>",
            "b/index.html": "<p>Thanks, Quill\u200bfeather</p>",
            "c/index.html": "<p>Okon</p><p>jo is a place</p>",
        },
    )
    assert sorted(p.split(":")[0] for p in problems) == ["a/index.html", "b/index.html"], problems


def test_allowing_every_word_of_a_name_is_refused(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    register = content.parent / "private/storytellers.yml"
    register.write_text(register.read_text() + "  allow: [Zephyrine, Quillfeather, Okonjo, Zephy]\n")
    output = run_check(content)
    assert (
        "private/storytellers.yml:2: the allowed words are every word of the storyteller's name, "
        "so nothing of it is guarded any more"
    ) in output


def test_a_build_that_crashes_after_writing_still_runs_the_gate(tmp_path):
    """A template error half-way through writing skips Pelican's `finalized`;
    the gate runs as the process exits, and deletes what leaked."""
    content = anonymous_campaign(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", "<p>{{ CREDIT_LINE }}</p>\n</body>"))
    (theme / "templates/tags.html").write_text("{{ 1 // 0 }}")  # crashes once articles are written
    settings = write_settings(
        tmp_path / "settings.py",
        f"THEME = {str(theme)!r}\nCREDIT_LINE = 'Thanks, Okonjo'\n",
        base="testsite_publish",
    )
    site = tmp_path / "out"
    result = run_pelican(content, site, settings)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr
    assert "these files were deleted" in result.stderr, result.stderr[-2000:]
    deleted = result.stderr.split("these files were deleted: ")[1].split(" (")[0].split(", ")
    assert "testimonies/the-night-intake-ran-out-of-beds/index.html" in deleted  # written before the crash
    assert words_found(site, ["okonjo"]) == []


def test_a_folder_of_somebodys_work_is_never_an_output_folder(tmp_path):
    content = minimal_content(tmp_path / "content")
    docs = write_files(tmp_path / "project" / "docs", {"writing.md": "# The guide\n", "index.html": "<p>x</p>\n"})
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = write_settings(
        tmp_path / "settings.py",
        f"THEME = {str(theme)!r}\n",
        base="testsite_publish",
    )
    for output, expected in (
        (docs, "holds `writing.md`, which no build writes"),
        (theme / "templates", "is inside the theme"),
    ):
        before = tree_digest(tmp_path)
        result = run_pelican(content, output, settings)
        assert result.returncode == 1 and expected in result.stderr, result.stderr[-2000:]
        assert tree_digest(tmp_path) == before


def test_the_gate_reads_what_other_plugins_write_at_the_end(tmp_path):
    """The sitemap, and any other plugin's file written at `finalized`, is
    written before the gate reads the output."""
    content = anonymous_campaign(tmp_path / "content")
    plugins = write_files(
        tmp_path / "plugins",
        {
            "late_writer.py": """
        import os
        from pelican import signals

        def write_credits(pelican):
            with open(os.path.join(pelican.output_path, "credits.txt"), "w") as out:
                out.write("Photos by Z. Okonjo\\n")

        def register():
            signals.finalized.connect(write_credits)
        """
        },
    )
    settings = write_settings(
        tmp_path / "settings.py",
        f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugins)!r}]\nPLUGINS = PLUGINS + ['late_writer']\n",
        base="testsite_publish",
    )
    site = tmp_path / "out"
    result = run_pelican(content, site, settings)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "credits.txt:1: its text contains `okonjo`" in result.stderr
    assert not (site / "credits.txt").exists()
    assert (site / "sitemap.xml").exists()


def test_the_tests_own_name_search_can_fail(tmp_path):
    """`words_found` (tests/helpers.py), which the door, feed and register tests
    trust to say that no output byte holds a name, finds one however a file
    writes it, in a file's name too, and only as a whole word."""
    site = tmp_path / "site"
    files = {
        "a/index.html": b"<p>Thanks, Ok&#111;njo</p>",
        "b/index.html": "<p>Z\u00e9phyrine</p>".encode(),
        "c/index.html": b"<a href='/tags/%51uillfeather/'>x</a>",
        "d/all.json": b'{"t": "\\u005aephyrine"}',
        "e/index.html": "<p>\uff2f\uff2b\uff2f\uff2e\uff2a\uff2f</p>".encode(),
        "f/notes.txt": "Z\u00e9phyrine".encode("latin-1"),
        "okonjo-notes/index.html": b"<p>nothing</p>",
        "clean/index.html": b"<p>Okonjoville has quill feathers; zephyrines</p>",
    }
    for relative, data in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    assert words_found(site, ["zephyrine", "quillfeather", "okonjo"]) == [
        ("a/index.html", "okonjo"),
        ("b/index.html", "zephyrine"),
        ("c/index.html", "quillfeather"),
        ("d/all.json", "zephyrine"),
        ("e/index.html", "okonjo"),
        ("f/notes.txt", "zephyrine"),
        ("name:okonjo-notes", "okonjo"),
        ("name:okonjo-notes/index.html", "okonjo"),
    ]
