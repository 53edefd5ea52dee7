"""The live preview behind `invoke livereload`: one long-lived process that
builds the site once, then, on every saved change, rewrites only what the
change touches and refreshes the pages open in the browser.

- Changes are seen through the operating system's file events (watchfiles).
- An edited story is checked again alone (campaign.recheck), read again
  alone, and its page is rewritten first; the listings it appears on and the
  feeds it is in follow (tools/preview_site.py). The sitemap waits for the
  next whole build or `publish`.
- A change to facts.yml or to a petition re-renders only the stories (and
  petition pages, and the home page) that show it.
- A change that moves pages about (a new file, a new address, a status,
  tags, a teller, the theme, the register) builds the whole site again, as
  `invoke build` would, into a fresh folder swapped in when it is done. A
  change to the settings or to the plugin's or preview's code starts the
  preview again.
- A change with errors is not used: the last good pages stay served, the
  problems are printed here (`path:line: message (hint)`) and shown in a
  banner at the top of every page (tools/preview_server.py).
- Every rewritten file is read by the privacy gate before it is served.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles
from campaign.campaign import translations_folder
from campaign.i18n import load_catalogs
from campaign.problems import Problems
from campaign.settings import campaign_settings
from campaign.storyteller_register import ENCRYPTED_SUFFIX, locate, recipients_file
from campaign.validation import MARKDOWN_SUFFIXES
from pelican.log import init as init_logging

from tools.preview_server import PreviewServer, page_url, problems_banner
from tools.preview_site import LiveSite, Plan

# Milliseconds: changes are taken this long after the last one seen (an
# editor's save is often several events), and never held longer than the debounce.
STEP_MS = 30
DEBOUNCE_MS = 400
MOST_EDITS = 20  # stories changed at once (a checkout, a search and replace): build everything instead
PAGES_AT_ONCE = 50  # rewritten in one pass, between looks at what changed meanwhile
LISTINGS_AT_ONCE = 4
# Content Security Policy for the preview: its reload script is a file of
# this server ('self'), and so is the event stream it listens to.
PREVIEW_SETTINGS = {"CSP_SCRIPT_SRC": "'self'", "CSP_CONNECT_SRC": "'self'"}


@dataclass
class Work:
    """What is left to write, most urgent first."""

    pages: list = field(default_factory=list)
    listings: list = field(default_factory=list)
    feeds: list = field(default_factory=list)
    since: float = 0.0  # when the change being written was seen
    written: int = 0

    def add(self, plan: Plan, seen: float):
        if not self:
            self.written = 0
        self.since = seen  # times are told from the latest change
        self.pages = _merged(plan.pages, self.pages)  # the newest edit's page first
        self.listings = _merged(self.listings, plan.listings)
        self.feeds = _merged(self.feeds, plan.feeds)

    def __bool__(self):
        return bool(self.pages or self.listings or self.feeds)

    def clear(self):
        self.pages, self.listings, self.feeds = [], [], []


def _merged(first, then) -> list:
    return list(dict.fromkeys([*first, *then]))


class Preview:
    def __init__(self, site: LiveSite, server: PreviewServer, project: Path, settings_files, say=print):
        self.site = site
        self.server = server
        self.project = Path(project).resolve()
        self.settings_files = [Path(p).resolve() for p in settings_files]
        self.say = say
        self.changes: queue.Queue = queue.Queue()
        self.work = Work()
        self.whole_build_needed = False  # the last whole build failed: the kept one is not the content's
        self.stopping = threading.Event()
        self.register_files: set[Path] = set()

    # --- what is watched ----------------------------------------------------

    def watched(self) -> tuple[list[Path], list[Path]]:
        """Folders watched with everything in them, and folders watched for
        a few files of their own (the settings files, the storyteller
        register), whose other files (an output folder beside them) are not."""
        settings = self.site.read_settings(self.site.output)
        deep = [self.site.content, Path(settings["THEME"]), self.project / "plugins", self.project / "tools"]
        register = locate(campaign_settings(settings), self.site.content)
        plain = register.with_name(register.name.removesuffix(ENCRYPTED_SUFFIX))
        self.register_files = {plain, plain.with_name(plain.name + ENCRYPTED_SUFFIX), recipients_file(plain)}
        deep = [p.resolve() for p in dict.fromkeys(deep) if p.is_dir()]
        flat = {path.parent for path in [*self.settings_files, *self.register_files] if path.parent.is_dir()}
        return deep, sorted(flat)

    def watch(self, folders, recursive: bool):
        files = {*self.settings_files, *self.register_files}
        ignored = watchfiles.DefaultFilter()

        def wanted(change, path):
            return ignored(change, path) and (recursive or Path(path) in files)

        for found in watchfiles.watch(
            *folders,
            watch_filter=wanted,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            stop_event=self.stopping,
            raise_interrupt=False,
            recursive=recursive,
        ):
            self.changes.put((time.monotonic(), {Path(path) for _change, path in found}))

    # --- the work loop ------------------------------------------------------

    def first_build(self):
        started = time.monotonic()
        problems = self.site.build()
        if problems is not None:
            self.refused(problems, whole=True)
        else:
            self.say(f"Built in {time.monotonic() - started:.1f}s")
            self.show(self.site.campaign.problems.errors)

    def start_watching(self):
        """Before the first build, so that nothing saved while it runs is missed."""
        deep, flat = self.watched()
        threads = [threading.Thread(target=self.watch, args=(deep, True), daemon=True, name="watch-content")]
        if flat:
            threads.append(threading.Thread(target=self.watch, args=(flat, False), daemon=True, name="watch-settings"))
        for thread in threads:
            thread.start()

    def run(self):
        while not self.stopping.is_set():
            batch = self.next_changes(wait=not self.work)
            if batch is not None:
                self.handle(*batch)
            elif self.work:
                self.write_next()

    def next_changes(self, wait: bool):
        """Every change waiting, as one batch (when it was first seen, the paths); None if there is none."""
        try:
            seen, paths = self.changes.get(timeout=0.5) if wait else self.changes.get_nowait()
        except queue.Empty:
            return None
        while True:
            try:
                paths |= self.changes.get_nowait()[1]
            except queue.Empty:
                return seen, paths

    def handle(self, seen: float, paths: set):
        what = self.sort_out(paths)
        if not what:
            return
        if "restart" in what:
            return self.restart()
        stories = what.get("story", [])
        if self.whole_build_needed or "build" in what or len(what) > 1 or len(stories) > MOST_EDITS:
            return self.build_again()
        if "facts" in what:
            plan = self.site.facts_changed()
        elif "petition" in what:
            plan = self.site.petitions_changed()
        else:
            plan = self.site.edited(stories)
        if plan.rebuild:
            return self.build_again()
        if plan.problems is not None:
            return self.refused(plan.problems)
        for problem in plan.edited.in_order():  # warnings: the change is used all the same
            self.say(str(problem))
        self.work.add(plan, seen)
        self.show(self.site.campaign.problems.errors)
        if not self.work:
            self.say("Nothing on the site changed.")

    def sort_out(self, paths) -> dict:
        """Changed paths by what they call for: "restart", "build", "facts",
        "petition", or "story" (the content files, relative)."""
        site = self.site
        campaign = site.campaign
        options = campaign.options if campaign is not None else campaign_settings(site.read_settings(site.output))
        static = [str(folder).strip("/") for folder in (site.settings or {}).get("STATIC_PATHS", ["images"])]
        what: dict = {}
        for path in sorted(paths):
            path = path.resolve() if path.exists() else path
            if path in self.register_files:
                what["build"] = True
            elif path in self.settings_files or path.is_relative_to(self.project / "plugins"):
                what["restart"] = True
            elif path.is_relative_to(self.project / "tools") and path.suffix in (".py", ".js"):
                what["restart"] = True
            elif not path.is_relative_to(site.content):
                what["build"] = True  # the theme
            else:
                relative = path.relative_to(site.content)
                posix = relative.as_posix()
                if any(part.startswith(".") for part in relative.parts):
                    continue  # an editor's temporary file
                if posix == options["facts_file"]:
                    what["facts"] = True
                elif path.suffix.lower() in MARKDOWN_SUFFIXES and relative.parts[0] == options["petitions_dir"]:
                    what["petition"] = True
                elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                    if campaign is not None and site.knows(posix) and path.is_file():
                        what.setdefault("story", []).append(posix)
                    else:
                        what["build"] = True  # a new story, one removed or renamed
                elif any(posix.startswith(folder + "/") for folder in static):
                    what["build"] = True  # a picture: cleaned and published as the build does
        return what

    def build_again(self):
        started = time.monotonic()
        self.say("Building the whole site again ...")
        problems = self.site.build()
        if problems is not None:
            return self.refused(problems, whole=True)
        self.whole_build_needed = False
        self.work.clear()
        self.say(f"Rebuilt in {time.monotonic() - started:.1f}s")
        self.show(self.site.campaign.problems.errors, force=True)

    def write_next(self):
        work = self.work
        if work.pages:
            names, work.pages = work.pages[:PAGES_AT_ONCE], work.pages[PAGES_AT_ONCE:]
            self.write(names=names, what="page" if len(names) == 1 else "pages")
        elif work.listings:
            names, work.listings = work.listings[:LISTINGS_AT_ONCE], work.listings[LISTINGS_AT_ONCE:]
            self.write(names=names, what="listings")
        elif work.feeds:
            keys, work.feeds = work.feeds, []
            self.write(feeds=keys, what="feeds")
        if not work and work.since:
            took, work.since = time.monotonic() - work.since, 0.0
            self.say(f"Up to date: {work.written} files rewritten, {took:.2f} s after the change")

    def write(self, names=(), feeds=(), what=""):
        written = self.site.render(names, feeds)
        if written.problems.errors:
            self.work.clear()
            self.work.since = 0.0
            return self.refused(written.problems, gate=True)
        self.work.written += len(written.paths)
        self.server.changes.announce([page_url(path) for path in written.paths])
        shown = ", ".join(page_url(path) for path in written.paths[:3]) + (" ..." if len(written.paths) > 3 else "")
        self.say(f"Rewrote {what} {shown} {time.monotonic() - self.work.since:.2f} s after the change")

    # --- problems -----------------------------------------------------------

    def refused(self, problems: Problems, whole=False, gate=False):
        if whole:
            self.whole_build_needed = True  # what is kept is no longer what the content says
            self.say("Build failed: fix the problems above. The last good site is still served.")
        elif gate:
            self.say(problems.report())
            self.say(
                "The privacy gate refused what this change would have written: nothing of it is served. "
                "Fix the problems above; the last good pages are still served."
            )
        else:
            self.say(problems.report())
            self.say("This change was not used: fix the problems above. The last good pages are still served.")
        self.show(problems.errors, force=True)

    def show(self, errors, force=False):
        """The banner every page carries while there are errors."""
        campaign = self.site.campaign
        words = campaign.words() if campaign is not None else self.words_without_a_build()
        matcher = campaign.name_matcher if campaign is not None else None
        if self.server.show(problems_banner(sorted(set(errors)), words, matcher)) or (force and errors):
            self.server.changes.announce(["*"])

    def words_without_a_build(self):
        settings = self.site.read_settings(self.site.output)
        catalogs = load_catalogs(
            translations_folder(settings, campaign_settings(settings)), settings.get("DEFAULT_LANG", "en"), Problems()
        )
        return catalogs.words()

    def restart(self):
        self.say("The settings or the code of the plugin or preview changed: starting the preview again ...")
        self.stopping.set()
        self.server.close()
        self.site.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, sys.orig_argv)


def run(content: Path, output: Path, settings_file: Path, host: str, port: int, project: Path, say=print):
    """`invoke livereload`: build, serve on host:port, and keep the preview up to date until stopped."""
    init_logging(level=logging.WARNING, name="pelican")
    site = LiveSite(settings_file, content, output, PREVIEW_SETTINGS)
    server = PreviewServer(site.output, host, port)
    preview = Preview(site, server, project, [settings_file, project / "site_defaults.py"], say)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by another program: end as on Ctrl+C
    try:
        preview.start_watching()
        preview.first_build()
        server.start()
        say(f"Live preview on http://{host}:{port}/ (press Ctrl+C to stop)")
        preview.run()
    except KeyboardInterrupt:
        say("Preview stopped.")
    finally:
        preview.stopping.set()
        server.close()
        site.close()
