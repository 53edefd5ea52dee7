"""Every file an organizer adds is published clean, or refused.

Pelican copies static files byte for byte. A phone photo carries GPS and the
owner's name, a GIF a comment, an SVG an author in `<metadata>` or a script
that runs on the site's own origin when opened. So the plugin takes every
static file away from Pelican and writes it itself:

- JPEG, PNG, WebP and GIF are re-encoded from their pixels (images.py);
- SVG is parsed and rewritten without scripts, event handlers,
  `foreignObject`, external references, metadata or foreign namespaces;
- anything else (HEIC, PDF, office documents, archives, unknown types) is
  refused with a hint, and so is a link that leaves the content folder.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
SVG_SUFFIXES = {".svg"}
# What the finished site may hold: pages, feeds, styles and cleaned pictures.
PUBLISHABLE_SUFFIXES = (
    PHOTO_SUFFIXES
    | SVG_SUFFIXES
    | {
        ".html",
        ".xml",
        ".json",
        ".txt",
        ".css",
        ".ico",
        ".woff",
        ".woff2",
    }
)
REFUSE_HINTS = {
    ".heic": "export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)",
    ".heif": "export it as JPEG",
    ".tif": "browsers cannot show TIFF: export it as JPEG or PNG",
    ".tiff": "browsers cannot show TIFF: export it as JPEG or PNG",
    ".pdf": "PDFs keep their author and editing history: publish the text as a page instead",
    ".doc": "paste the text into a Markdown file instead",
    ".docx": "paste the text into a Markdown file instead",
    ".odt": "paste the text into a Markdown file instead",
}
DEFAULT_HINT = "only JPEG, PNG, WebP, GIF and SVG pictures can be cleaned and published"
# Files an operating system leaves in folders by itself: never published,
# never worth stopping a build for.
SYSTEM_JUNK = {".ds_store", "thumbs.db", "desktop.ini", ".directory"}


def is_junk(path: Path) -> bool:
    return path.name.lower() in SYSTEM_JUNK or path.name.startswith("._")


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DROPPED_ELEMENTS = {"script", "foreignObject", "metadata", "iframe", "embed", "object", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}


class UnsafeFile(Exception):
    """This file cannot be published; the message says why."""


def refusal(source: Path, root: Path) -> str | None:
    """Why `source` cannot be published, or None when it can be cleaned."""
    try:
        real = source.resolve(strict=True)
    except (OSError, RuntimeError):
        return "is a link to nothing"
    if not real.is_relative_to(root.resolve()):
        return f"is a link to {real}, outside the content folder"
    suffix = source.suffix.lower()
    if suffix not in PHOTO_SUFFIXES | SVG_SUFFIXES:
        return f"cannot be cleaned before publishing ({REFUSE_HINTS.get(suffix, DEFAULT_HINT)})"
    return None


def unreadable_picture(path: Path) -> str | None:
    """Why Pillow cannot read this picture (a PDF renamed .jpg, a damaged
    file), or None. Checked before building, so the build never crashes on it."""
    try:
        with Image.open(path) as image:
            image.verify()
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a bad file
        return f"is not a picture that can be read ({type(error).__name__})"
    return None


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        ns, local = name[1:].split("}", 1)
        return ns, local
    return None, name


def _external(value: str) -> bool:
    """A reference to anything outside the SVG itself."""
    value = value.strip()
    return not value.startswith("#")


def _url_outside(value: str) -> bool:
    lowered = value.lower().replace(" ", "")
    if any(sign in lowered for sign in ("@import", "javascript:", "://", "image-set", "expression(", "\\")):
        return True  # `\\` too: CSS escapes can spell any of the above
    return "url(" in lowered and any(not part.startswith(("#", "'#", '"#')) for part in lowered.split("url(")[1:])


def svg_dangers(root, fix: bool = False) -> list[str]:
    """What in this SVG tree could run, call out or identify someone; with
    `fix`, each is removed as it is found."""
    found = []
    for element in list(root.iter()):
        if element is not root and element.getparent() is None:
            continue  # inside an element already removed
        if not isinstance(element.tag, str):
            found.append("a comment or processing instruction")
            if fix:
                _drop(element)
            continue
        ns, local = _local(element.tag)
        attribute_name = element.get("attributeName", "")
        if (
            ns != SVG_NS
            or local in DROPPED_ELEMENTS
            or (local in ANIMATIONS and (attribute_name.lower().startswith("on") or "href" in attribute_name))
            or (local == "style" and _url_outside(element.text or ""))
        ):
            found.append(f"<{local}>")
            if fix:
                _drop(element)
            continue
        for name, value in list(element.attrib.items()):
            attr_ns, attr_local = _local(name)
            bad = (
                attr_ns not in (None, XLINK_NS, XML_NS)
                or attr_local.lower().startswith("on")
                or (attr_local == "href" and _external(value))
                or (attr_ns == XLINK_NS and attr_local != "href")
                or _url_outside(value)
            )
            if bad:
                found.append(f"{attr_local}= on <{local}>")
                if fix:
                    del element.attrib[name]
    return found


def _drop(element):
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that followed the element, as removing a tag should.
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _parse_svg(data: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise UnsafeFile(f"is not a readable SVG file ({error.msg})") from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise UnsafeFile("declares a DOCTYPE, which can pull in other files")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise UnsafeFile("is not an SVG picture")
    return root


def clean_svg(data: bytes) -> bytes:
    root = _parse_svg(data)
    svg_dangers(root, fix=True)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def write_clean_svg(source: Path, target: Path):
    cleaned = clean_svg(source.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cleaned)


IMAGE_METADATA = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "icc_profile"}


def unsafe_published_file(path: Path, data: bytes) -> str | None:
    """Why a file in the finished site must not be published, or None."""
    suffix = path.suffix.lower()
    if suffix not in PUBLISHABLE_SUFFIXES:
        return f"is a `{suffix or 'no extension'}` file, which this site never publishes"
    if suffix in SVG_SUFFIXES:
        try:
            dangers = svg_dangers(_parse_svg(data))
        except UnsafeFile as error:
            return f"{error}"
        if dangers:
            return f"is an SVG with {', '.join(sorted(set(dangers)))}"
    elif suffix in PHOTO_SUFFIXES:
        try:
            with Image.open(io.BytesIO(data)) as image:
                kept = sorted(IMAGE_METADATA & set(image.info))
                if image.getexif():
                    kept.append("EXIF")
                if getattr(image, "text", None):
                    kept.append("text chunks")
        except Exception:  # noqa: BLE001 - any unreadable picture is refused
            return "is not a readable picture"
        if kept:
            return f"is a picture that still carries {', '.join(kept)}"
    return None
