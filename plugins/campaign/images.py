"""Pictures are published with their pixels only.

A phone photo carries GPS coordinates, the camera's owner and serial number
in EXIF and XMP; a GIF may carry a comment, a PNG text chunks. Each is
re-encoded from its pixels with Pillow, frame by frame for an animation.
(TIFF is refused instead: browsers cannot show it.)
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import html as lxml_html
from PIL import Image, ImageOps, ImageSequence

FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}


def _pixels_only(frame: Image.Image) -> Image.Image:
    clean = Image.new(frame.mode, frame.size)
    clean.frombytes(frame.tobytes())
    if frame.mode == "P":
        clean.putpalette(frame.getpalette())
        if "transparency" in frame.info:
            clean.info["transparency"] = frame.info["transparency"]
    return clean


def write_clean(source: Path, target: Path):
    """Re-encode `source` to `target` with nothing but its pixels."""
    fmt = FORMATS[source.suffix.lower()]
    with Image.open(source) as original:
        if fmt == "GIF" and getattr(original, "n_frames", 1) > 1:
            frames = [_pixels_only(frame.copy()) for frame in ImageSequence.Iterator(original)]
            durations = [frame.info.get("duration", 100) for frame in ImageSequence.Iterator(original)]
            options = {
                "save_all": True,
                "append_images": frames[1:],
                "duration": durations,
                "loop": original.info.get("loop", 0),
            }
            clean = frames[0]
        else:
            clean = _pixels_only(ImageOps.exif_transpose(original))  # upright without its EXIF
            options = {"quality": 88, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
    target.parent.mkdir(parents=True, exist_ok=True)
    clean.save(target, format=fmt, **options)


def photo_path(value: str) -> str:
    """A `Photo:` as the content-relative path it names, however it is
    written: `images/x.jpg`, `/images/x.jpg` or `{static}/images/x.jpg`."""
    value = str(value).strip()
    if value.startswith("{static}"):
        value = value[len("{static}") :]
    return posixpath.normpath(value.lstrip("/"))


def upright_size(path: Path) -> tuple[int, int]:
    """The width and height a picture is shown at, once turned upright as
    `write_clean` turns it."""
    with Image.open(path) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF orientations that turn it a quarter
            return height, width
        return width, height


def referenced_paths(article) -> set[str]:
    """Content-relative paths an article's body shows or links, however the
    link is written: `{static}/images/x.jpg`, `/images/x.jpg`, `../images/x.jpg`
    or `images/x.jpg`. A relative link is read both from the source file's
    folder and from the page's address, so no way of writing it escapes."""
    found = set()
    photo = getattr(article, "metadata", {}).get("photo")
    if photo:
        found.add(photo_path(photo))
    html = article._content or ""
    if not html.strip():
        return found
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    source_dir = posixpath.dirname(article.relative_source_path)
    page_dir = posixpath.dirname(str(getattr(article, "save_as", "") or ""))
    for value in tree.xpath("//img/@src | //a/@href | //source/@srcset | //img/@srcset"):
        value = value.strip().split("#", 1)[0].split("?", 1)[0]
        for marker in ("{static}", "{attach}", "{filename}"):
            if value.startswith(marker):
                value = value[len(marker) :]
                break
        else:
            if "://" in value or value.startswith(("mailto:", "//")):
                continue
        value = value.split(" ", 1)[0]
        if not value:
            continue
        if value.startswith("/"):
            found.add(posixpath.normpath(value.lstrip("/")))
            continue
        for base in (source_dir, page_dir):
            found.add(posixpath.normpath(posixpath.join(base, value)).lstrip("./"))
        found.add(posixpath.normpath(value).lstrip("./"))
    return found
