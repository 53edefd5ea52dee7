"""Pictures of the site as members see it: a page on a phone and on a
desktop, taken in Debian's Chromium (never a downloaded browser) over the
built site served on 127.0.0.1, and made small enough to keep in Git.

`invoke screenshots` refreshes the README's; the browser tests use the same
browser settings and server for theirs (tests/browser.py).
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import posixpath
import threading
from pathlib import Path

from lxml import html as lxml_html
from PIL import Image

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The first screen of each, as a member opens the page.
SIZES = {"phone": (375, 812), "desktop": (1280, 800)}
COLOURS = 64  # a page of text and a few flat colours looks the same in 64, at a fraction of the bytes


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """The built site on http://127.0.0.1:<free port>/."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def story_to_picture(site: Path, listing: str) -> str:
    """The address (from the site's root) of the newest story on a listing
    page, such as `testimonies/`, that asks readers to sign an open petition
    (the newest story if none does): the page as a member meets it."""
    doc = lxml_html.fromstring((Path(site) / listing / "index.html").read_bytes())
    addresses = [
        posixpath.normpath(posixpath.join(listing, href)).lstrip("/") + "/"
        for href in doc.xpath("//*[contains(@class, 'card-title')]/a/@href")
    ]
    if not addresses:
        raise LookupError(f"{listing} lists no story")
    for address in addresses:
        story = lxml_html.fromstring((Path(site) / address / "index.html").read_bytes())
        if story.xpath("//*[contains(@class, 'petition-compact')]"):
            return address
    return addresses[0]


def small_png(png: bytes) -> bytes:
    """The screenshot in a palette of COLOURS, compressed as far as PNG goes."""
    with Image.open(io.BytesIO(png)) as shot:
        few = shot.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    few.save(out, format="PNG", optimize=True)
    return out.getvalue()


def take(site: Path, address: str, folder: Path, name: str) -> list[Path]:
    """`folder/NAME-phone.png` and `folder/NAME-desktop.png` of the page at
    `address`, light mode, no JavaScript (the site ships none)."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with StaticServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size_name, (width, height) in SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme="light", java_script_enabled=False
                )
                page = context.new_page()
                response = page.goto(server.url + address)
                if response is None or response.status != 200:
                    raise LookupError(f"{address} is not a page of the site")
                target = folder / f"{name}-{size_name}.png"
                target.write_bytes(small_png(page.screenshot()))
                written.append(target)
                context.close()
        finally:
            browser.close()
    return written
