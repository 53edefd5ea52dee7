"""The organizer's commands, run as an organizer runs them: `invoke ...`."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    TEST_PUBLISH_SETTINGS,
    fixture_env,
    minimal_content,
    tree_digest,
    write_files,
    write_settings,
)

INVOKE = [sys.executable, "-m", "invoke"]


def invoke(*args, env_extra=None, cwd=ROOT):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([*INVOKE, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize(
    "kind,folder", [("testimony", "testimonies"), ("update", "updates"), ("news", "news"), ("petition", "petitions")]
)
def test_new_writes_a_draft_that_check_passes_once_published(tmp_path, kind, folder):
    content = minimal_content(tmp_path / "content")
    named = ["--named"] if kind == "testimony" else []
    result = invoke("new", kind, "Night shift at the Eastside office", "--content", str(content), *named)
    assert result.returncode == 0, result.stderr
    path = content / folder / "night-shift-at-the-eastside-office.md"
    assert result.stdout.strip() == str(path)
    text = path.read_text()
    assert "Status: draft" in text
    assert "<!--" not in text
    if kind != "petition":
        assert "Date: " in text
    # A second `new` with the same title refuses and leaves the file alone.
    again = invoke("new", kind, "Night shift at the Eastside office", "--content", str(content), *named)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert path.read_text() == text
    published = "open" if kind == "petition" else "published"
    path.write_text(text.replace("Status: draft", f"Status: {published}"))
    # Published as it stands, the template is refused: it holds no real text,
    # and a testimony has no consent until the organizer writes its date.
    refused = invoke("check", "--content", str(content))
    assert refused.returncode == 1, refused.stdout
    if kind != "petition":
        assert "the text still holds the template's instructions" in refused.stdout
        assert "still says" in refused.stdout
    if kind == "testimony":
        assert "Consent:" in text and "Consent: 20" not in text
        assert "Consent-Scope: web, feed, print" in text
        assert "this testimony has no Consent date" in refused.stdout
    filled = {
        "Storyteller's name": "Rosalind Teague",
        "Your name": "Rosalind Teague",
        "Job title": "Coordinator",
        "Employer or program": "Eastside office",
        "One or two sentences from the story, shown large at the top.": "A real quote.",
        "Region or program": "Harbor County",
        "Name of the forum or bargaining series": "Forum",
        "One sentence for listings and feeds.": "A real summary.",
        "https://example.org/sign-here": "https://sign.example.org/eastside",
        "Consent:\n": "Consent: 2026-11-01\n",
        "One sentence: what we ask for.": "Cap caseloads at 45.",
    }
    text = path.read_text()
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    body_start = text.index("\n\n") + 2
    path.write_text(text[:body_start] + "The real story, told in the storyteller's own words.\n")
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors" in checked.stdout


def test_check_lists_five_different_mistakes_with_their_lines(tmp_path):
    content = minimal_content(
        tmp_path / "content",
        {
            "testimonies/no-consent.md": """
            Title: No consent yet
            Date: 2026-10-01
            Role: Coordinator

            Text.
            """,
            "testimonies/bad-date.md": """
            Title: Bad date
            Date: last Tuesday
            Role: Coordinator
            Consent: 2026-09-01

            Text.
            """,
            "news/unknown-fact.md": """
            Title: Unknown fact
            Date: 2026-10-02

            First paragraph.

            We carry [fact: no-such-fact] each.
            """,
            "news/missing-image.md": """
            Title: Missing image
            Date: 2026-10-03

            ![A rally](images/rally.jpg)
            """,
            "news/same-address.md": """
            Title: One story
            Date: 2026-10-04
            Slug: unknown-fact

            A second post with the first one's address.
            """,
        },
    )
    result = invoke("check", "--content", str(content))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = [
        "news/missing-image.md:4: image `images/rally.jpg` does not exist",
        # The newer post, which took the older one's address, is the one told to move.
        "news/same-address.md:3: has the same address as news/unknown-fact.md: `news/unknown-fact/index.html`",
        "news/unknown-fact.md:6: unknown fact `no-such-fact`",
        "testimonies/bad-date.md:2: Date `last Tuesday` is not a date",
        "testimonies/no-consent.md:1: this testimony has no Consent date",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, result.stdout)
    problem_lines = [l for l in lines if l.split(":")[1:2] and l.split(":")[1].isdigit()]
    positions = [(l.split(":")[0], int(l.split(":")[1])) for l in problem_lines]
    assert positions == sorted(positions)
    # The two testimonies have no Quote; the five stories have no Id.
    assert lines[-1] == "5 errors, 7 warnings", result.stdout


def test_publish_with_a_failing_build_leaves_the_output_untouched(tmp_path):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "site"
    write_files(output, {"index.html": "<p>the live site</p>\n", "feeds/all.atom.xml": "<feed/>\n"})
    before = tree_digest(output)
    broken_theme = tmp_path / "theme"
    (broken_theme / "templates").mkdir(parents=True)
    (broken_theme / "templates" / "index.html").write_text("{{ this is not valid jinja }")
    settings = write_settings(
        tmp_path / "broken.py",
        f"THEME = {str(broken_theme)!r}\n"
        # The words are the project's: only the template is broken.
        f"CAMPAIGN = {{**CAMPAIGN, 'translations': {str(ROOT / 'theme' / 'translations')!r}}}\n",
        base="testsite_publish",
    )
    result = invoke("publish", "--content", str(content), "--output", str(output), "--settings", str(settings))
    assert result.returncode != 0
    assert "was not touched" in result.stderr
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-new")) == []


def test_publish_with_content_errors_leaves_the_output_untouched(tmp_path):
    content = minimal_content(tmp_path / "content", {"news/bad.md": "Title: Bad\nDate: 2026-10-01\nFacts: nope\n\nx\n"})
    output = write_files(tmp_path / "site", {"index.html": "<p>the live site</p>\n"})
    before = tree_digest(output)
    result = invoke("publish", "--content", str(content), "--output", str(output))
    assert result.returncode != 0
    assert "news/bad.md:3: unknown fact `nope` in Facts" in result.stdout
    assert tree_digest(output) == before


def test_publish_replaces_the_output_folder(tmp_path):
    content = minimal_content(tmp_path / "content")
    output = write_files(tmp_path / "site", {"stale.html": "old\n"})
    result = invoke("publish", "--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (output / "stale.html").exists()
    from pelican.settings import read_settings

    siteurl = read_settings(str(TEST_PUBLISH_SETTINGS))["SITEURL"]  # a union's own address
    assert siteurl.startswith("https://")
    assert f"{siteurl}/testimonies/one-story/" in (output / "feeds/all.atom.xml").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # It says what it did, and what it did not.
    assert f"Built into {output.resolve()}; not deployed. To put it online, add a target" in result.stdout
    assert "Published" not in result.stdout


def test_what_an_interrupted_publish_left_is_removed_by_the_next(tmp_path):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "site"
    leftover = write_files(tmp_path / ".site-new-abc123", {"index.html": "half a site\n"})
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    recent = write_files(tmp_path / ".site-new-def456", {"index.html": "another build, still going\n"})
    result = invoke("publish", "--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not leftover.exists()
    assert recent.exists()  # a build going on in another window keeps its folder
    assert ".output-new-*/" in (ROOT / ".gitignore").read_text().splitlines()


def test_serve_on_a_busy_port_says_so_and_fails(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve", "--port", str(port))
    assert result.returncode == 1
    assert f"Port {port} is already in use on 127.0.0.1" in result.stderr
    assert f"make serve ARGS='--port {port + 1}'" in result.stderr
    assert "Serving" not in result.stdout


@pytest.mark.parametrize("where", ["content", "root", "parent", "slash", "home"])
def test_publish_refuses_a_dangerous_output_folder(tmp_path, where):
    content = minimal_content(tmp_path / "content")
    output = {"content": content, "root": ROOT, "parent": tmp_path, "slash": Path("/"), "home": Path.home()}[where]
    result = invoke("publish", "--content", str(content), "--output", str(output))
    assert result.returncode != 0
    assert "Refusing to publish" in result.stderr
    assert (content / "facts.yml").exists()


def test_dry_run_publish_to_a_local_rsync_target(tmp_path):
    content = minimal_content(tmp_path / "content")
    target = tmp_path / "server"
    target.mkdir()
    output = tmp_path / "site"
    result = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(output),
        "--target",
        "rsync",
        "--dry-run",
        env_extra={"DEPLOY_RSYNC_TARGET": f"{target}/"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--dry-run" in result.stdout
    assert "index.html" in result.stdout  # rsync lists what it would send
    assert list(target.iterdir()) == []
    assert not output.exists()


def test_rsync_sends_only_what_changed(tmp_path):
    """Every build writes every file anew: rsync compares contents, so a
    second publish of the same site lists no file as changed."""
    content = minimal_content(tmp_path / "content")
    target = tmp_path / "server"
    target.mkdir()
    env = {"DEPLOY_RSYNC_TARGET": f"{target}/"}
    args = ("publish", "--content", str(content), "--output", str(tmp_path / "site"), "--target", "rsync")
    first = invoke(*args, env_extra=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (target / "index.html").is_file()
    assert f"deployed with rsync to {target}/" in first.stdout
    time.sleep(1.1)  # a time stamped to the second would now differ
    second = invoke(*args, "--dry-run", env_extra=env)
    assert second.returncode == 0, second.stdout + second.stderr
    changed = [line.split()[-1] for line in second.stdout.splitlines() if line[:2] in (">f", "<f", "cd", "*d")]
    assert changed == [], changed


def test_publish_to_a_local_bare_repository_with_ghp_import(tmp_path):
    content = minimal_content(tmp_path / "content")
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--bare", "-q", str(bare)], check=True)
    work = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    env = {
        "DEPLOY_GITHUB_REMOTE": str(bare),
        "GIT_DIR": str(work / ".git"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    result = invoke(
        "publish", "--content", str(content), "--output", str(tmp_path / "site"), "--target", "github", env_extra=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    files = subprocess.run(
        ["git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "index.html" in files and "testimonies/one-story/index.html" in files and ".nojekyll" in files


def test_make_runs_the_task_of_its_name_with_its_args(tmp_path):
    """`make check ARGS=...` checks the folder ARGS names, as `invoke check`
    does: a good campaign passes, a mistake stops make with its path and line."""
    content = minimal_content(tmp_path / "content")
    env = dict(os.environ, **fixture_env(content))

    def make_check():
        return subprocess.run(
            ["make", "--no-print-directory", "check", f"ARGS=--content {content}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    good = make_check()
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"in {content}" in good.stdout and good.stdout.splitlines()[-1].startswith("0 errors")
    (content / "news").mkdir()
    (content / "news/bad.md").write_text("Title: Bad\nDate: someday\n\nText.\n")
    bad = make_check()
    assert bad.returncode != 0
    assert "news/bad.md:2: Date `someday` is not a date" in bad.stdout, bad.stdout + bad.stderr
    assert bad.stdout.splitlines()[-1].startswith("1 error")


def test_the_guides_complete_examples_pass_check(tmp_path):
    """docs/writing.md promises its whole-file examples pass the checks as written."""
    import re

    guide = (ROOT / "docs/writing.md").read_text()
    examples = re.findall(
        r"File: `((?:content|private)/[^`]+)`[^\n]*\n(?:[^\n]*\n)*?```(?:markdown|yaml)\n(.*?)```", guide, re.S
    )
    assert len(examples) >= 7 and any(path.startswith("private/") for path, _ in examples)
    content = minimal_content(tmp_path / "content")
    # The guide's facts example, and a stand-in for each other fact the
    # examples cite (a union's facts.yml holds its own).
    facts = content / "facts.yml"
    guide_facts = re.search(r"### Facts \(an entry.*?```yaml\n(.*?)```", guide, re.S).group(1)
    text = facts.read_text() + "\n" + guide_facts
    for fact_id in sorted(
        set(re.findall(r"\[fact: ([a-z0-9-]+)\]|Facts: ([a-z0-9, -]+)", "".join(t for _, t in examples)))
    ):
        for one in (i.strip() for part in fact_id for i in part.split(",") if i.strip()):
            if f"\n{one}:" not in "\n" + text:
                text += f"\n{one}:\n  label: a figure the guide cites\n  value: 12\n  source: Test survey\n"
    facts.write_text(text)
    for relative, text in examples:
        path = content.parent / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = invoke("check", "--content", str(content), env_extra=fixture_env(content))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors"), result.stdout


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"[^\s:\[][^:]*:\d+: ", line)]


def test_every_command_lists_the_content_problems_without_a_traceback(tmp_path):
    """`check`, `build`, `serve`, `publish` and `livereload` all print the
    same problem list and total for a campaign with mistakes, and no
    traceback; all but the live preview (which keeps waiting for a fix)
    exit 1 and serve nothing."""
    content = minimal_content(
        tmp_path / "content",
        {
            "news/bad.md": "Title: Bad\nId: bad-0001\nDate: 11/20/2026\nFacts: nope\n\nx\n",
            "updates/worse.md": "Title: Worse\nId: worse-0001\nDate: 2026-10-01\nSlug: q&a night\n\n[Fact: caseload-cap]\n",
        },
    )
    env = fixture_env(content)
    checked = invoke("check", "--content", str(content), env_extra=env)
    expected = problem_lines(checked.stdout)
    total = checked.stdout.strip().splitlines()[-1]
    assert len(expected) >= 4 and total.startswith(f"{len(expected)} errors"), checked.stdout
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as free:
        free.bind(("127.0.0.1", 0))
        port = str(free.getsockname()[1])
    out = str(tmp_path / "out")
    for command in (
        ["build", "--content", str(content), "--output", out],
        ["serve", "--content", str(content), "--output", out, "--port", port],
        ["publish", "--content", str(content), "--output", out],
    ):
        result = invoke(*command, env_extra=env)
        output = result.stdout + result.stderr
        assert result.returncode == 1, (command, output)
        assert problem_lines(output) == expected, (command, output)
        assert total in output and "Traceback" not in output, (command, output)
        assert "Serving" not in output and not (tmp_path / "out/index.html").exists()
    preview = subprocess.Popen(
        [*INVOKE, "livereload", "--content", str(content), "--output", out, "--port", port],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, **env),
    )
    lines = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = preview.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if line.startswith("Live preview on"):
                break
    finally:
        preview.terminate()
        preview.wait(timeout=30)
    output = "\n".join(lines)
    assert problem_lines(output) == expected, output
    assert total in output and "Traceback" not in output, output
    assert "Build failed: fix the problems above. The last good site is still served." in output


def test_new_starts_a_story_in_another_language_the_site_speaks(tmp_path):
    content = minimal_content(tmp_path / "content")
    result = invoke(
        "new", "testimony", "La noche de los teléfonos", "--named", "--lang", "es", "--content", str(content)
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    assert header[:2] == ["Title: La noche de los teléfonos", "Lang: es"]
    checked = invoke("check", "--content", str(content))
    assert "Lang" not in checked.stdout, checked.stdout

    refused = invoke("new", "update", "Uma noite", "--lang", "pt", "--content", str(content))
    assert refused.returncode == 2
    assert "does not speak `pt`" in refused.stderr and "en, es" in refused.stderr
    assert not list((content / "updates").glob("uma-noite*"))

    # The site's own language needs no line.
    english = invoke("new", "update", "A night", "--lang", "en", "--content", str(content))
    assert english.returncode == 0, english.stderr
    assert "Lang:" not in Path(english.stdout.strip()).read_text(encoding="utf-8")
