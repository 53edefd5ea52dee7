"""The sitemap without invented dates.

pelican-sitemap stamps every page that has no date of its own (the home
page, the listings, a page) with the time its module was imported. That
time is neither true nor stable: it differs on every build, so each publish
re-sends an unchanged sitemap, and an autoreload keeps the first build's
time. The protocol makes `<lastmod>` optional, so those entries lose it; a
story's own date or `Modified:` stays."""

from __future__ import annotations

from pathlib import Path


def drop_invented_dates(output: Path) -> bool:
    """Rewrite `output/sitemap.xml` without the plugin's stand-in time; whether it changed."""
    try:
        from pelican.plugins.sitemap.sitemap import format_date, generator
    except ImportError:  # the site does not use pelican-sitemap
        return False
    path = Path(output) / "sitemap.xml"
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    invented = f"<lastmod>{format_date(generator.now)}</lastmod>\n"
    if invented not in text:
        return False
    path.write_text(text.replace(invented, ""), encoding="utf-8")
    return True


def forget_unfinished_build():
    """pelican-sitemap keeps, between builds of one process, the build it
    started with and the pages written since; a build that stopped before its
    end never clears them, and every later build in that process (a live
    preview's) would then write no sitemap. Clear them before a build."""
    try:
        from pelican.plugins.sitemap.sitemap import generator
    except ImportError:
        return
    generator._main_pelican = None
    generator.page_queue = []
