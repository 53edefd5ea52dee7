"""What a live preview serves (tools/preview.py): the output folder as it is
on disk, and, in each page as it is sent, a small reload script and, while
the content has errors, a banner listing them.

Nothing here is written to the output folder: the files stay exactly what a
build writes (no script, no banner) and the privacy gate has read them. The
banner is read by the same name matcher before it is sent, and a problem
that would show an anonymous storyteller's name says so without it.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from markupsafe import escape

SCRIPT_URL = "/__preview/reload.js"
EVENTS_URL = "/__preview/events"
SCRIPT = (Path(__file__).with_name("preview_reload.js")).read_bytes()
SHOWN_PROBLEMS = 20  # in the banner; the terminal lists them all
KEEP_ALIVE = 15  # seconds between comments on an idle event stream
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
NOTHING_BUILT = b'<!doctype html><html><head><meta charset="utf-8"><title></title></head><body></body></html>'


class Changes:
    """The pages rewritten so far, numbered, for the pages open in browsers
    to ask what changed since they were served."""

    def __init__(self):
        self.run = secrets.token_hex(4)  # a new preview process starts again at 0
        self.version = 0
        self._log: list[tuple[int, tuple]] = []
        self._changed = threading.Condition()
        self.closed = False

    def announce(self, urls):
        with self._changed:
            self.version += 1
            self._log = self._log[-500:] + [(self.version, tuple(urls))]
            self._changed.notify_all()

    def since(self, version: int, run: str, timeout: float) -> tuple[int, list | None]:
        """The URLs changed after `version` (waiting up to `timeout` for one), or None."""
        if run != self.run:
            return self.version, ["*"]
        with self._changed:
            self._changed.wait_for(lambda: self.version > version or self.closed, timeout)
            if self.version <= version:
                return version, None
            newer = [urls for number, urls in self._log if number > version]
            if not self._log or self._log[0][0] > version + 1:
                return self.version, ["*"]  # older than what is kept: reload to be sure
            return self.version, sorted({url for urls in newer for url in urls})

    def close(self):
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def page_url(relative: str) -> str:
    """`testimonies/x/index.html` -> `/testimonies/x/`, as a browser's location shows it."""
    url = "/" + relative
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


def problems_banner(errors, words, matcher) -> str:
    """The errors that keep the preview from using the latest change, as a
    banner. A problem whose text holds a name the matcher guards is shown by
    its place alone; with no matcher to ask, only how many there are."""
    if not errors:
        return ""
    heading = words.gettext(
        "The preview could not use your latest change, so it shows the last good version. "
        "Fix these problems (the terminal lists them too):"
    )
    items = []
    if matcher is not None:
        for problem in errors[:SHOWN_PROBLEMS]:
            line = str(problem)
            if matcher.find(line):
                line = words.gettext(
                    "{where}: a problem that would show an anonymous storyteller's name here; "
                    "the terminal gives the details",
                    where=f"{problem.path}:{problem.line}",
                )
                if matcher.find(line):
                    line = words.gettext(
                        "A problem that would show an anonymous storyteller's name here; the terminal gives the details"
                    )
            items.append(f"<li>{escape(line)}</li>")
    hidden = len(errors) - len(items)
    more = ""
    if hidden:
        more = "<p>{}</p>".format(
            escape(
                words.ngettext(
                    "… and {count} more problem, listed in the terminal.",
                    "… and {count} more problems, listed in the terminal.",
                    hidden,
                    count=hidden,
                )
            )
        )
    listed = f"<ul>{''.join(items)}</ul>" if items else ""
    banner = (
        f'<div class="preview-warning preview-problems" role="alert" lang="{escape(words.lang)}">'
        f"<p>{escape(heading)}</p>{listed}{more}</div>"
    )
    if matcher is None or not matcher.find(banner, markup=True):
        return banner
    return f'<div class="preview-warning preview-problems" role="alert"><p>{escape(heading)}</p>{more}</div>'


class PreviewServer:
    """Serves `output` on host:port in threads of its own."""

    def __init__(self, output: Path, host: str, port: int):
        self.output = Path(output)
        self.changes = Changes()
        self.banner = b""
        handler = type("PreviewHandler", (_Handler,), {"preview": self})
        self.httpd = ThreadingHTTPServer((host, int(port)), partial(handler, directory=str(self.output)))
        self.httpd.daemon_threads = True
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="preview-server", daemon=True)
        self._thread.start()

    def show(self, banner: str) -> bool:
        """Put this banner (or none) on every page; whether it changed."""
        new = banner.encode("utf-8")
        changed = new != self.banner
        self.banner = new
        return changed

    def page(self, html: bytes) -> bytes:
        """A page as sent: the reload script in its head, the banner at the top of its body."""
        tag = (
            f'<script src="{SCRIPT_URL}" data-since="{self.changes.version}" data-run="{self.changes.run}" defer>'
            "</script>"
        ).encode()
        head = html.find(b"</head>")
        html = html[:head] + tag + html[head:] if head != -1 else html + tag
        banner = self.banner
        if banner:
            body = _BODY.search(html)
            html = html[: body.end()] + banner + html[body.end() :] if body else banner + html
        return html

    def close(self):
        self.changes.close()
        if self._thread is not None:  # shutdown() waits for a serve_forever() that has started
            self.httpd.shutdown()
            self._thread = None
        self.httpd.server_close()


class _Handler(SimpleHTTPRequestHandler):
    preview: PreviewServer = None  # set on the subclass each server makes

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a reload always gets what is on disk now
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the name http.server calls it by
        pass  # the terminal is for the content's problems, not for every request

    def _serve(self, head: bool):
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == SCRIPT_URL:
            return self._send(200, "text/javascript; charset=utf-8", SCRIPT, head)
        if path == EVENTS_URL and not head:
            return self._events(parse_qs(parts.query))
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not parts.path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", parts.path + "/" + (f"?{parts.query}" if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        if target.suffix.lower() in (".html", ".htm") and target.is_file():
            return self._send(200, "text/html; charset=utf-8", self.preview.page(target.read_bytes()), head)
        if not target.exists():
            missing = self.preview.output / "404.html"
            # Before any build has worked there is no site, but the banner says why.
            body = missing.read_bytes() if missing.is_file() else NOTHING_BUILT
            return self._send(404, "text/html; charset=utf-8", self.preview.page(body), head)
        return super().do_HEAD() if head else super().do_GET()

    def _send(self, status: int, kind: str, body: bytes, head: bool):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, query: dict):
        changes = self.preview.changes
        try:
            version = int((query.get("since") or ["0"])[0])
        except ValueError:
            version = 0
        run = (query.get("run") or [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not changes.closed:
                version, urls = changes.since(version, run, KEEP_ALIVE)
                run = changes.run
                chunk = b": waiting\n\n" if urls is None else f"data: {json.dumps(urls)}\n\n".encode()
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            pass  # the page was closed or reloaded
