"""What makes the site the union's own: story photos (described, sized,
cleaned, on share cards) and the favicon made from the logo."""

import io
import re

from helpers import (
    SHOWCASE,
    SHOWCASE_PAGES,
    anonymous_campaign,
    build_site,
    headers,
    minimal_content,
    page,
    run_pelican,
)
from lxml import html as lxml_html
from PIL import Image

TESTIMONY = headers(SHOWCASE / "testimonies/sixty-five-names.md")
PHOTO = TESTIMONY["photo"]


def draw(path, size=(600, 400), orientation=None, fmt="JPEG"):
    """A small picture, with a camera's EXIF (and an orientation) when asked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (40, 90, 160))
    image.paste((200, 60, 40), (0, 0, size[0] // 2, size[1] // 3))
    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"  # Make
    if orientation:
        exif[0x0112] = orientation
    image.save(path, format=fmt, exif=exif.tobytes())
    return path


def test_a_story_photo_is_shown_described_and_sized(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["testimony"])
    (img,) = doc.xpath("//article/figure[@class='story-photo']/img")
    assert img.get("alt") == TESTIMONY["photo-alt"]
    assert img.get("src").endswith("/" + PHOTO)
    with Image.open(SHOWCASE / PHOTO) as original:
        assert (int(img.get("width")), int(img.get("height"))) == original.size
    # It comes after the story's header, so the sign link stays near the top.
    assert doc.xpath("//article/header/following-sibling::figure[@class='story-photo']")


def test_a_story_photo_is_on_its_listing_card_and_its_share_card_is_drawn(showcase_site):
    """The photo shows on the story's card in every list; what a shared link
    shows is the story's drawn share card (cards.py), photo or not."""
    for name in ("testimony", "testimony-anonymous"):
        doc = page(showcase_site, SHOWCASE_PAGES[name])
        image = doc.xpath("//meta[@property='og:image']/@content")[0]
        assert "/share-cards/" in image and image.endswith(".png") and PHOTO not in image, (name, image)
        assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
    listing = page(showcase_site, SHOWCASE_PAGES["testimonies"])
    photos = listing.xpath("//li[contains(@class, 'card')]//img[@class='card-photo']")
    assert [img.get("src").rsplit("/", 1)[1] for img in photos] == [PHOTO.rsplit("/", 1)[1]]
    assert photos[0].get("alt") == ""  # the card's title says what it is; the story describes the photo


def test_a_story_photo_is_published_clean_and_upright(tmp_path):
    """A phone's sideways JPEG: published without its EXIF, turned upright,
    and the page gives the upright size."""
    content = minimal_content(tmp_path / "content")
    draw(content / "images/sideways.jpg", size=(600, 400), orientation=6)
    story = content / "testimonies/one-story.md"
    story.write_text(
        story.read_text().replace(
            "Petition: caseload-cap\n",
            "Petition: caseload-cap\nPhoto: {static}/images/sideways.jpg\nPhoto-Alt: A hallway of closed doors\n",
        )
    )
    site = build_site(content, tmp_path / "out")
    img = page(site, "testimonies/one-story/").xpath("//figure[@class='story-photo']/img")[0]
    assert (img.get("width"), img.get("height")) == ("400", "600")
    with Image.open(site / "images/sideways.jpg") as published:
        assert published.size == (400, 600)
        assert not published.getexif()


def test_a_photo_in_an_anonymous_story_is_warned_about(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    draw(content / "images/office.jpg")
    story = content / "testimonies/hidden-name.md"
    text = story.read_text()
    story.write_text(text.replace("\n\n", "\nPhoto: images/office.jpg\nPhoto-Alt: An empty office chair\n\n", 1))
    line = story.read_text().splitlines().index("Photo: images/office.jpg") + 1
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"testimonies/hidden-name.md:{line}: warning: this anonymous story has a Photo" in result.stderr


# --- the favicon --------------------------------------------------------------


def icon_links(doc) -> list[tuple[str, str]]:
    return [(link.get("rel"), link.get("href")) for link in doc.xpath("//head/link[contains(@rel, 'icon')]")]


def test_an_svg_logo_is_the_favicon(showcase_site):
    home = page(showcase_site, SHOWCASE_PAGES["home"])
    assert icon_links(home) == [("icon", "./images/logo.svg")]
    assert home.xpath("//head/link[@rel='icon']/@type") == ["image/svg+xml"]
    story = page(showcase_site, SHOWCASE_PAGES["testimony"])
    assert icon_links(story) == [("icon", "../../images/logo.svg")]
    assert (showcase_site / "images/logo.svg").is_file()
    assert not (showcase_site / "favicon.ico").exists()


def test_a_picture_logo_becomes_a_favicon_and_a_touch_icon(tmp_path):
    content = minimal_content(tmp_path / "content")
    draw(content / "images/logo.png", size=(300, 200), fmt="PNG")
    site = build_site(content, tmp_path / "out", UNION_LOGO="images/logo.png")
    assert icon_links(page(site, "")) == [("icon", "./favicon.ico"), ("apple-touch-icon", "./apple-touch-icon.png")]
    with Image.open(site / "favicon.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
        largest = ico.convert("RGBA")
        # The wide logo is centred on a square: the rows above and below it are clear.
        assert largest.getpixel((24, 0))[3] == 0 and largest.getpixel((24, 24))[3] == 255
    with Image.open(site / "apple-touch-icon.png") as touch:
        assert (touch.size, touch.mode) == ((180, 180), "RGB")
        assert touch.getpixel((90, 5)) == (255, 255, 255)
        assert not touch.info and not touch.getexif()


def test_no_logo_no_favicon(tmp_path):
    site = build_site(minimal_content(tmp_path / "content"), tmp_path / "out")
    assert icon_links(page(site, "")) == []
    assert not (site / "favicon.ico").exists() and not (site / "apple-touch-icon.png").exists()


def test_a_drawn_picture_carries_the_exif_the_tests_remove():
    """The pictures these tests draw do carry EXIF, so the checks above can fail."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (4, 4))
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    with Image.open(buffer) as reopened:
        assert reopened.getexif().get(0x0112) == 6


# --- the stylesheets ----------------------------------------------------------------


def css_classes(path) -> set[str]:
    return set(re.findall(r"\.([a-z][a-z0-9-]*)", path.read_text(encoding="utf-8")))


def test_a_page_links_listings_css_exactly_when_it_lists_stories(showcase_site):
    """listings.css holds what only listing pages use; a story is lighter without it."""
    css = showcase_site / "theme/css"
    in_listings = css_classes(css / "listings.css")
    listing_only = in_listings - css_classes(css / "site.css")
    assert {"hero", "card-title", "card-photo", "feed-list"} <= listing_only
    linked = set()
    for path in sorted(showcase_site.rglob("*.html")):
        doc = lxml_html.fromstring(path.read_bytes())
        used = {c for element in doc.xpath("//body//*[@class]") for c in element.get("class").split()}
        links = [href.rsplit("/", 1)[1] for href in doc.xpath("//link[@rel='stylesheet']/@href")]
        assert links[:1] == ["site.css"] and links[-1] == "brand.css", path
        if "listings.css" in links:
            linked.add(path.relative_to(showcase_site).as_posix())
            assert used & in_listings, f"{path} links listings.css and uses none of it"
        else:
            assert not used & listing_only, f"{path} uses {sorted(used & listing_only)} without listings.css"
    assert "index.html" in linked and SHOWCASE_PAGES["testimony"] + "index.html" not in linked
