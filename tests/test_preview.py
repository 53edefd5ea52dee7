"""The live preview (`invoke livereload`, tools/preview.py), run as an
organizer runs it, on tests/fixtures/preview copied into a temporary folder:
a saved story rewrites its page and the listings it appears on, a changed
fact only the stories that show it, a bad edit keeps the last good page and
says why in the terminal and on the page, and a name is never served."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, fixture_env, page, text_of, words_found
from lxml import html as lxml_html

PREVIEW = FIXTURES / "preview"
NIGHT = "testimonies/the-night-desk.md"  # Tags: nights, intake; cites [fact: overnight-referrals]
WAITLIST = "testimonies/the-waitlist.md"  # anonymous (st-0001); Facts: waitlist-weeks
MORNING = "testimonies/morning-intake.md"  # Tags: mornings; no fact, no petition
NIGHT_PAGE = "testimonies/the-night-desk-rings-until-morning/"
WAITLIST_PAGE = "testimonies/the-waitlist-is-a-number-we-read-out-loud/"
MORNING_PAGE = "testimonies/mornings-start-with-last-nights-calls/"
# The night story's listings: every page that shows its quote.
NIGHT_LISTINGS = [
    "",
    "testimonies/",
    "regions/marrow-county/",
    "tags/nights/",
    "tags/intake/",
    "authors/ilse-brandvold/",
    "petitions/staff-the-night-desk/",
]
# Pages that show nothing of the night story.
NOT_NIGHT = [WAITLIST_PAGE, MORNING_PAGE, "tags/mornings/", "tags/waitlists/", "authors/tobiah-quarrendon/"]
TELLER = ("wendeline", "ostrakova")  # st-0001's name, in the fixture's register


def free_port() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


class Preview:
    """`invoke livereload` in a process of its own, its terminal read line by line."""

    def __init__(self, folder: Path):
        shutil.copytree(PREVIEW, folder)
        self.content = folder / "content"
        self.output = folder / "output"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self._read: queue.Queue = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--content", str(self.content), "--output", str(self.output)]
            + ["--port", self.port],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ, **fixture_env(self.content)),
        )
        threading.Thread(target=self._follow, daemon=True).start()
        self.wait_for("Live preview on", timeout=180)

    def _follow(self):
        for line in self.process.stdout:
            self._read.put(line.rstrip("\n"))
        self._read.put(None)

    def wait_for(self, start: str, timeout: float = 60) -> str:
        """The next terminal line starting with `start` (every line read is kept in `lines`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._read.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                pytest.fail("the preview stopped:\n" + self.terminal())
            self.lines.append(line)
            if line.startswith(start):
                return line
        pytest.fail(f"no line starting `{start}` within {timeout} s:\n" + self.terminal())

    def terminal(self) -> str:
        return "\n".join(self.lines)

    def edit(self, relative: str, old: str, new: str):
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def served(self, url: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + url, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stamps(self, urls) -> dict:
        """Each page's file identity and time: a page rewritten has another."""
        found = {}
        for url in urls:
            info = (self.output / url / "index.html").stat()
            found[url] = (info.st_ino, info.st_mtime_ns)
        return found

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def preview(tmp_path):
    running = Preview(tmp_path / "campaign")
    yield running
    running.stop()


def banner(markup: str):
    found = lxml_html.fromstring(markup).xpath('//div[contains(@class, "preview-problems")]')
    return found[0] if found else None


def test_a_saved_story_rewrites_its_page_first_then_the_listings_it_appears_on(preview):
    untouched = preview.stamps(NOT_NIGHT)
    before = len(preview.lines)
    preview.edit(
        NIGHT,
        "Quote: By two in the morning I had stopped counting the calls.",
        "Quote: At three in the morning the phone was still ringing.",
    )
    preview.edit(NIGHT, "I write down every call.", "I write down every call, and the time it came.")
    preview.wait_for("Up to date")
    said = preview.lines[before:]
    assert not any(line.startswith("Building the whole site") for line in said), preview.terminal()

    story = page(preview.output, NIGHT_PAGE)
    assert "I write down every call, and the time it came." in text_of(story)
    for url in NIGHT_LISTINGS:
        assert "At three in the morning the phone was still ringing." in text_of(page(preview.output, url)), url
        assert "stopped counting the calls" not in text_of(page(preview.output, url)), url
    assert preview.stamps(NOT_NIGHT) == untouched, "a page that shows nothing of the story was rewritten"
    # The story's page first, then its listings.
    rewrote = [line for line in said if line.startswith("Rewrote")]
    assert rewrote[0].startswith(f"Rewrote page /{NIGHT_PAGE} "), rewrote
    assert any(line.startswith("Rewrote listings") for line in rewrote[1:]), rewrote

    # Served with the preview's reload script, which the file itself does not hold.
    status, served = preview.served(NIGHT_PAGE)
    assert status == 200 and 'src="/__preview/reload.js"' in served
    assert b"<script" not in (preview.output / NIGHT_PAGE / "index.html").read_bytes()
    status, script = preview.served("__preview/reload.js")
    assert status == 200 and "EventSource" in script


def test_a_changed_fact_rewrites_only_the_stories_that_show_it(preview):
    assert "38 referrals" in text_of(page(preview.output, NIGHT_PAGE))
    untouched = preview.stamps([WAITLIST_PAGE, MORNING_PAGE])
    before = len(preview.lines)
    preview.edit("facts.yml", "  value: 38\n", "  value: 41\n")
    preview.wait_for("Up to date")
    assert not any(line.startswith("Building the whole site") for line in preview.lines[before:]), preview.terminal()

    night = text_of(page(preview.output, NIGHT_PAGE))
    assert "41 referrals" in night and "38 referrals" not in night
    # The petition's own text cites it too.
    assert "41 referrals" in text_of(page(preview.output, "petitions/staff-the-night-desk/"))
    assert preview.stamps([WAITLIST_PAGE, MORNING_PAGE]) == untouched

    # The fact in the other story's box: that story, and not the night one.
    untouched = preview.stamps([NIGHT_PAGE, MORNING_PAGE])
    preview.edit("facts.yml", "  value: 6\n", "  value: 9\n")
    preview.wait_for("Up to date")
    assert "9 weeks" in text_of(page(preview.output, WAITLIST_PAGE))
    assert preview.stamps([NIGHT_PAGE, MORNING_PAGE]) == untouched


def test_a_bad_edit_keeps_the_last_good_page_and_says_why_in_the_terminal_and_on_the_page(preview):
    good = (preview.output / NIGHT_PAGE / "index.html").read_bytes()
    preview.edit(NIGHT, "Date: 2026-10-12", "Date: 2026-13-12")
    preview.edit(NIGHT, "I write down every call.", "I write down every single call.")
    preview.wait_for("This change was not used")
    problem = [line for line in preview.lines if line.startswith(f"{NIGHT}:3: Date `2026-13-12` is not a date")]
    assert problem and "(" in problem[0] and "Traceback" not in preview.terminal(), preview.terminal()
    assert (preview.output / NIGHT_PAGE / "index.html").read_bytes() == good

    for url in (NIGHT_PAGE, ""):  # every page carries the banner while the problem lasts
        status, served = preview.served(url)
        shown = banner(served)
        assert status == 200 and shown is not None, url
        assert shown.get("role") == "alert"
        assert f"{NIGHT}:3: Date `2026-13-12` is not a date" in text_of(shown)
    assert "every single call" not in preview.served(NIGHT_PAGE)[1]

    preview.edit(NIGHT, "Date: 2026-13-12", "Date: 2026-10-12")
    preview.wait_for("Up to date")
    status, served = preview.served(NIGHT_PAGE)
    assert banner(served) is None and "I write down every single call." in served


def test_a_name_in_an_edit_is_refused_and_never_served(preview):
    preview.edit(WAITLIST, "I still do this work.", "I still do this work. I am Wendeline Ostrakova.")
    preview.wait_for("This change was not used")
    named = [line for line in preview.lines if line.startswith(f"{WAITLIST}:") and "the text contains" in line]
    assert named, preview.terminal()
    assert words_found(preview.output, TELLER) == []
    for url in (WAITLIST_PAGE, ""):
        status, served = preview.served(url)
        shown = banner(served)
        assert status == 200 and shown is not None and WAITLIST in text_of(shown)
        assert not any(part in served.casefold() for part in TELLER), url


def test_the_gate_refuses_a_name_the_source_checks_do_not_see(preview):
    """Split by an HTML comment, the name passes the checks on the source;
    the sanitizer removes the comment, so the page would hold it whole. The
    gate reads each rewritten file before it is served."""
    good = (preview.output / WAITLIST_PAGE / "index.html").read_bytes()
    preview.edit(WAITLIST, "I still do this work.", "I still do this work. Ask for Wende<!-- -->line.")
    preview.wait_for("The privacy gate refused")
    assert any(line.startswith(WAITLIST_PAGE) and "wendeline" in line for line in preview.lines), preview.terminal()
    assert (preview.output / WAITLIST_PAGE / "index.html").read_bytes() == good
    assert words_found(preview.output, TELLER) == []
    status, served = preview.served(WAITLIST_PAGE)
    assert banner(served) is not None and not any(part in served.casefold() for part in TELLER)


@pytest.mark.browser
def test_the_open_page_refreshes_itself_after_a_save(preview):
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            refused = []

            def note(message):
                # Chromium asks every site for /favicon.ico, which this one has not.
                if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
                    refused.append(f"{message.text} ({message.location})")

            tab.on("console", note)
            tab.goto(preview.url + NIGHT_PAGE)
            assert "every single call" not in tab.inner_text("main")
            preview.edit(NIGHT, "I write down every call.", "I write down every single call.")
            # Not wait_for_function: the page's policy forbids evaluating strings.
            deadline = time.monotonic() + 60
            while "every single call" not in tab.inner_text("main") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "every single call" in tab.inner_text("main"), preview.terminal()
            assert refused == []  # the policy allowed the script and its event stream
        finally:
            browser.close()
