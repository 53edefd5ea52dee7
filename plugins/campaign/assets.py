"""The files a build publishes besides its pages: the theme's stylesheets,
the union's colour as a stylesheet, the favicon made from its logo, and every
static file, cleaned (pictures re-encoded, SVG rewritten)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageOps

from . import images, statics
from .problems import Problems, stop_on_errors

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def write_theme_css(settings: dict, output: Path):
    """The theme's stylesheets (theme/static/css), without their comments and
    indentation: those are for whoever edits the theme, and every page loads
    site.css, whose bytes count in a testimony's 30 KB with the page's (a
    Spanish page's words run longer). Pelican copies no theme file
    (THEME_STATIC_PATHS is empty): this is where they are published."""
    source = Path(settings.get("THEME", "")) / "static" / "css"
    target = output / settings.get("THEME_STATIC_DIR", "theme") / "css"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.css")):
        text = CSS_COMMENT.sub("", path.read_text(encoding="utf-8"))
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        (target / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_brand_css(settings: dict, output: Path):
    """BRAND_COLOUR as a stylesheet of its own: a Content-Security-Policy
    without 'unsafe-inline' allows no <style> in the page. The theme's own
    colours, the default brand and dark mode included, stay in site.css."""
    colour = settings.get("BRAND_COLOUR")
    target = output / settings.get("THEME_STATIC_DIR", "theme") / "css" / "brand.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    rule = f":root {{ --brand: {colour}; }}\n" if colour else "/* No BRAND_COLOUR: the theme's own colour. */\n"
    target.write_text(rule, encoding="utf-8")


# A picture logo becomes these, at the site's root (where browsers look for
# favicon.ico unasked); an SVG logo is its own favicon, already published.
FAVICON_ICO = "favicon.ico"
FAVICON_ICO_SIZES = (16, 32, 48)
TOUCH_ICON = "apple-touch-icon.png"  # a phone's home screen, which shows no transparency
TOUCH_ICON_SIZE = 180


def favicon_links(logo: str | None) -> list[dict]:
    """The <link> tags for the favicon made from UNION_LOGO; none without a logo."""
    if not logo:
        return []
    if Path(str(logo)).suffix.lower() in statics.SVG_SUFFIXES:
        return [{"rel": "icon", "href": str(logo), "type": "image/svg+xml"}]
    sizes = " ".join(f"{size}x{size}" for size in FAVICON_ICO_SIZES)
    return [
        {"rel": "icon", "href": FAVICON_ICO, "type": "image/x-icon", "sizes": sizes},
        {"rel": "apple-touch-icon", "href": TOUCH_ICON, "sizes": f"{TOUCH_ICON_SIZE}x{TOUCH_ICON_SIZE}"},
    ]


def _square(logo: Image.Image, size: int, background) -> Image.Image:
    """The logo centred on a new square canvas: a new image carries none of
    the original's metadata (ICC profile, EXIF)."""
    canvas = Image.new("RGBA", (size, size), background)
    fitted = ImageOps.contain(logo, (size, size), Image.Resampling.LANCZOS)
    canvas.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return canvas


def write_favicons(settings: dict, output: Path):
    """favicon.ico and the phone's touch icon, drawn with Pillow from a
    picture logo (checked before the build: validation.check_theme_settings)."""
    logo = settings.get("UNION_LOGO")
    if not logo or Path(str(logo)).suffix.lower() in statics.SVG_SUFFIXES:
        return
    with Image.open(Path(settings["PATH"]) / str(logo)) as original:
        picture = ImageOps.exif_transpose(original).convert("RGBA")
    largest = max(FAVICON_ICO_SIZES)
    _square(picture, largest, (0, 0, 0, 0)).save(
        output / FAVICON_ICO, format="ICO", sizes=[(size, size) for size in FAVICON_ICO_SIZES]
    )
    _square(picture, TOUCH_ICON_SIZE, (255, 255, 255, 255)).convert("RGB").save(
        output / TOUCH_ICON, format="PNG", optimize=True
    )


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
