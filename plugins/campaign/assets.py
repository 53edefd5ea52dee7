"""The files a build publishes besides its pages: the union's colour as a
stylesheet, and every static file, cleaned (pictures re-encoded, SVG rewritten)."""

from __future__ import annotations

from pathlib import Path

from . import images, statics
from .problems import Problems, stop_on_errors


def write_brand_css(settings: dict, output: Path):
    """BRAND_COLOUR as a stylesheet of its own: a Content-Security-Policy
    without 'unsafe-inline' allows no <style> in the page. The theme's own
    colours, the default brand and dark mode included, stay in site.css."""
    colour = settings.get("BRAND_COLOUR")
    target = output / settings.get("THEME_STATIC_DIR", "theme") / "css" / "brand.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    rule = f":root {{ --brand: {colour}; }}\n" if colour else "/* No BRAND_COLOUR: the theme's own colour. */\n"
    target.write_text(rule, encoding="utf-8")


def write_static_files(campaign, context: dict, output: Path):
    """Pictures re-encoded, SVG cleaned; none that only a withdrawn story shows."""
    withdrawn_only = set()
    for article in campaign.withdrawn:
        withdrawn_only |= images.referenced_paths(article)
    if withdrawn_only:  # only then is it worth reading every story's links
        for article in (
            context.get("articles", [])
            + context.get("pages", [])
            + context.get("hidden_articles", [])
            + context.get("hidden_pages", [])
        ):
            withdrawn_only -= images.referenced_paths(article)
    problems = Problems()
    for static in campaign.static_files:
        if static.relative_source_path in withdrawn_only:
            continue
        source, target = Path(static.source_path), output / static.save_as
        try:
            if source.suffix.lower() in statics.SVG_SUFFIXES:
                statics.write_clean_svg(source, target)
            else:
                images.write_clean(source, target)
        except Exception as error:  # noqa: BLE001 - a file that cannot be cleaned is never copied as it is
            problems.error(
                static.relative_source_path,
                1,
                f"this file could not be cleaned ({error})",
                "replace it with a JPEG or PNG exported again from the original",
            )
    stop_on_errors(problems)
