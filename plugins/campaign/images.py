"""Photos are published without their metadata.

A phone photo carries GPS coordinates, the camera's owner and serial number
in EXIF and XMP. Pelican would copy the file byte for byte, so the plugin
takes photos away from Pelican's static copying and writes a clean copy:
the pixels only, re-encoded with Pillow. Images that only a withdrawn story
uses are not published at all.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import html as lxml_html
from PIL import Image, ImageOps

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"}
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".tif": "TIFF", ".tiff": "TIFF"}


def take_photos(generator) -> list:
    """Remove photos from Pelican's static files; return them for `write_clean`."""
    photos = [sf for sf in generator.staticfiles if Path(sf.source_path).suffix.lower() in PHOTO_SUFFIXES]
    rest = [sf for sf in generator.staticfiles if sf not in photos]
    generator.staticfiles = rest
    generator.context["staticfiles"] = rest
    return photos


def write_clean(source: Path, target: Path):
    """Re-encode `source` to `target` with nothing but its pixels."""
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)  # keep the photo upright without its EXIF
        clean = Image.new(image.mode, image.size)
        clean.frombytes(image.tobytes())
        if image.mode == "P":
            clean.putpalette(image.getpalette())
    target.parent.mkdir(parents=True, exist_ok=True)
    fmt = FORMATS[source.suffix.lower()]
    options = {"quality": 88, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
    clean.save(target, format=fmt, **options)


def referenced_images(article) -> set[str]:
    """Content-relative paths of the images an article's body shows or links."""
    found = set()
    html = article._content or ""
    if not html.strip():
        return found
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    for value in tree.xpath("//img/@src | //a/@href"):
        for marker in ("{static}", "{attach}", "{filename}"):
            if value.startswith(marker):
                path = value[len(marker):]
                if path.startswith("/"):
                    found.add(path.lstrip("/"))
                else:
                    found.add(posixpath.normpath(posixpath.join(posixpath.dirname(article.relative_source_path), path)))
    return found
