"""Share cards: a picture for every story and petition of tests/fixtures/cards,
read back with Pillow, checked against the text recorded as drawn on it and
against the page that names it."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import FIXTURES, TEST_SETTINGS, headers, page, run_pelican, settings_for, write_settings
from PIL import Image, ImageFont

CARDS = FIXTURES / "cards"
LOGO = "images/logo.png"
BUDGET = 120 * 1024  # bytes, a testimony's card
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# Each page of the campaign that has a card, and the source it is drawn from.
PAGES = {
    "testimonies/forty-two-families-and-one-phone/": "testimonies/named.md",
    "testimonies/the-last-bus-leaves-before-my-shift-ends/": "testimonies/anonymous.md",
    "testimonies/quien-contesta-a-las-tres/": "testimonies/spanish.md",
    "testimonies/what-a-night-looks-like-from-the-intake-desk/": "testimonies/long.md",
    "updates/bargaining-session-three-the-county-answers-on-night-pay/": "updates/bargaining.md",
    "news/night-workers-fill-the-county-board-meeting/": "news/rally.md",
    "petitions/night-pay/": "petitions/night-pay.md",
    "petitions/second-worker/": "petitions/second-worker.md",
}
NAMED, ANONYMOUS, SPANISH, LONG, UPDATE, NEWS, OPEN, WON = PAGES
WITHDRAWN = "testimonies/a-story-its-teller-took-back/"


def site_settings() -> dict:
    """The tests' own settings (the union's name, colour and address)."""
    from pelican.settings import read_settings

    return read_settings(str(TEST_SETTINGS))


def source(url: str) -> dict:
    return headers(CARDS / "content" / PAGES[url])


def copy_campaign(folder: Path) -> Path:
    """The cards campaign in a folder of its own, its register beside it."""
    shutil.copytree(CARDS / "content", folder / "content")
    shutil.copytree(CARDS / "private", folder / "private")
    return folder / "content"


def build(content: Path, output: Path, **overrides):
    from pelican import Pelican

    Pelican(settings_for(content, output, UNION_LOGO=LOGO, **overrides)).run()
    return output


def cache_of(output: Path) -> Path:
    """Where the tests' settings put the cache (helpers.settings_for)."""
    return output.parent / (output.name + "-cache") / "share-cards"


@pytest.fixture(scope="module")
def card_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cards")
    return build(copy_campaign(folder), folder / "output")


def head_meta(site: Path, url: str) -> dict:
    return {
        m.get("property") or m.get("name"): m.get("content") for m in page(site, url).xpath("//head/meta[@content]")
    }


def card_of(site: Path, url: str) -> tuple[Path, list[tuple[str, str]]]:
    """The card file a page names, and the text recorded as drawn on it."""
    address = head_meta(site, url)["og:image"]
    path = site / urlparse(address).path.lstrip("/")
    drawn = json.loads((cache_of(site) / "drawn.json").read_text(encoding="utf-8"))[path.stem]["drawn"]
    return path, [tuple(item) for item in drawn]


def png_chunks(data: bytes) -> list[str]:
    """The chunk types of a PNG file, read without Pillow."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        chunks.append(kind.decode("ascii"))
        offset += 12 + length
    return chunks


# --- the pages --------------------------------------------------------------


def test_every_story_and_petition_page_names_its_card(card_site):
    canonical = site_settings()["CANONICAL_SITEURL"]
    for url in PAGES:
        meta = head_meta(card_site, url)
        assert re.fullmatch(re.escape(canonical) + r"/share-cards/[0-9a-f]{24}\.png", meta["og:image"]), url
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), url
        assert meta["og:image:type"] == "image/png", url
        assert meta["twitter:card"] == "summary_large_image", url
        path, drawn = card_of(card_site, url)
        assert path.is_file(), url
        # The alternative text is what is drawn, every part in reading order.
        alt, at = meta["og:image:alt"], 0
        for _part, text in drawn:
            assert alt.find(text, at) >= at, (url, text, alt)
            at = alt.find(text, at) + len(text)
    assert len({head_meta(card_site, url)["og:image"] for url in PAGES}) == len(PAGES)


def test_a_page_without_a_card_keeps_the_small_summary(card_site):
    meta = head_meta(card_site, "about-the-night-campaign/")
    assert meta["twitter:card"] == "summary"
    assert "og:image:alt" not in meta
    assert "og:image" not in head_meta(card_site, WITHDRAWN)


def test_only_published_pages_have_cards(card_site):
    """One card a page: none for the withdrawn story, the draft story or the
    draft petition, whose words are in no card's recorded text either."""
    assert sorted(p.name for p in (card_site / "share-cards").iterdir()) == sorted(
        card_of(card_site, url)[0].name for url in PAGES
    )
    recorded = (cache_of(card_site) / "drawn.json").read_text(encoding="utf-8")
    for hidden in ("testimonies/withdrawn.md", "testimonies/draft.md", "petitions/weekend-cover.md"):
        header = headers(CARDS / "content" / hidden)
        assert header["title"] not in recorded, hidden
        assert header.get("quote", header["title"]) not in recorded, hidden


def test_cards_are_plain_1200_by_630_pngs_without_metadata(card_site):
    files = sorted((card_site / "share-cards").iterdir())
    assert len(files) == len(PAGES)
    for path in files:
        with Image.open(path) as image:
            assert image.format == "PNG", path
            assert image.size == (1200, 630), path
            assert image.mode == "P", path  # a palette: optimized
            assert image.info == {}, (path, image.info)
            assert not image.getexif(), path
            assert not getattr(image, "text", {}), path
        # Read without Pillow too: pixels and their palette, nothing else.
        assert png_chunks(path.read_bytes()) == ["IHDR", "PLTE", "IDAT", "IEND"], path


def test_a_testimonys_card_fits_the_budget(card_site):
    for url in (NAMED, ANONYMOUS, SPANISH, LONG):
        path, _ = card_of(card_site, url)
        assert path.stat().st_size <= BUDGET, (url, path.stat().st_size)


def test_the_brand_colour_is_the_ground_and_the_logo_is_drawn(card_site):
    brand = tuple(int(site_settings()["BRAND_COLOUR"][i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(card_of(card_site, NAMED)[0]) as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((4, 4)) == brand
    assert rgb.getpixel((1195, 625)) == brand
    colours = {colour for _count, colour in rgb.getcolors(256)}
    assert (255, 255, 255) in colours  # the text, white on a dark brand colour
    # The logo (a blue disc with a yellow cross) sits left of the union's name.
    logo = {rgb.getpixel((x, y)) for x in range(72, 132) for y in range(542, 602)}
    assert any(b > 120 and r < 60 for r, _g, b in logo), logo
    assert any(r > 200 and g > 150 and b < 90 for r, g, b in logo), logo


def test_an_svg_logo_is_left_out_and_the_name_drawn_alone(showcase_site):
    """Pillow cannot draw SVG: the showcase's cards have its brand's 16
    steps only, where a PNG logo adds colours of its own."""
    cards = sorted((showcase_site / "share-cards").iterdir())
    assert cards
    for path in cards:
        with Image.open(path) as image:
            assert len(image.convert("RGB").getcolors(256)) <= 16, path


# --- what is drawn ----------------------------------------------------------


def union_name() -> str:
    return site_settings()["UNION_NAME"]


def test_what_each_card_draws_comes_from_its_source(card_site):
    named = source(NAMED)
    assert card_of(card_site, NAMED)[1] == [
        ("kicker", "Testimony"),
        ("main", f"“{named['quote']}”"),
        ("byline", f"{named['author']}, {named['role']}, {named['workplace']}"),
        ("union", union_name()),
    ]
    anonymous = source(ANONYMOUS)
    assert card_of(card_site, ANONYMOUS)[1] == [
        ("kicker", "Testimony"),
        ("main", f"“{anonymous['quote']}”"),
        ("byline", f"Shared anonymously, {anonymous['role']}, {anonymous['workplace']}"),
        ("union", union_name()),
    ]
    update = source(UPDATE)  # no quote: the title
    assert card_of(card_site, UPDATE)[1] == [
        ("kicker", "Update"),
        ("main", update["title"]),
        ("byline", f"By {update['author']}"),
        ("union", union_name()),
    ]
    assert card_of(card_site, NEWS)[1] == [("kicker", "News"), ("main", source(NEWS)["title"]), ("union", union_name())]
    assert card_of(card_site, OPEN)[1] == [
        ("kicker", "Petition"),
        ("main", source(OPEN)["title"]),
        ("progress", "870 of 1,200 signatures"),
        ("union", union_name()),
    ]
    assert card_of(card_site, WON)[1] == [
        ("kicker", "Petition · Won"),
        ("main", source(WON)["title"]),
        ("progress", "964 of 800 signatures"),
        ("union", union_name()),
    ]


def test_the_progress_bar_is_filled_to_the_share_of_the_goal(card_site):
    """870 of 1,200 signatures: the bar (72..1128 wide) is white to 72%."""
    with Image.open(card_of(card_site, OPEN)[0]) as image:
        rgb = image.convert("RGB")
    row = [rgb.getpixel((x, 462)) for x in range(72, 1129)]
    filled = sum(1 for pixel in row if pixel == (255, 255, 255))
    assert abs(filled / len(row) - 870 / 1200) < 0.02, filled / len(row)


def storyteller_words() -> set[str]:
    import yaml

    register = yaml.safe_load((CARDS / "private" / "storytellers.yml").read_text(encoding="utf-8"))
    return {
        word.casefold()
        for entry in register.values()
        for name in [entry["name"], *entry.get("also_known_as", [])]
        for word in re.findall(r"\w+", name)
    }


def test_an_anonymous_storytellers_card_shows_no_name(card_site):
    words = storyteller_words()
    assert len(words) >= 2
    path, drawn = card_of(card_site, ANONYMOUS)
    text = " ".join(text for _part, text in drawn) + " " + head_meta(card_site, ANONYMOUS)["og:image:alt"]
    assert not words & {w.casefold() for w in re.findall(r"\w+", text)}, text
    # …while the role and the workplace are there, and the card was written.
    assert source(ANONYMOUS)["role"] in text and source(ANONYMOUS)["workplace"] in text
    assert path.is_file()


def missing_glyphs(font_path, text: str) -> set[str]:
    """Characters a font draws as its 'missing' box."""
    font = ImageFont.truetype(str(font_path), 40) if font_path else ImageFont.load_default(size=40)
    missing = bytes(font.getmask("\U0010fffd"))
    return {char for char in text if not char.isspace() and bytes(font.getmask(char)) == missing}


def test_a_spanish_story_gets_a_spanish_card_that_its_font_can_draw(card_site):
    spanish = source(SPANISH)
    drawn = dict(card_of(card_site, SPANISH)[1])
    assert drawn["kicker"] == "Testimonio"
    assert drawn["main"] == f"«{spanish['quote']}»"
    assert drawn["byline"].startswith(spanish["author"] + ", ")
    text = "".join(drawn.values())
    assert {"á", "é", "ñ", "¿", "«", "»"} <= set(text)
    # The fonts the build drew with (the plugin's settings) have every glyph.
    from campaign.settings import campaign_settings

    options = campaign_settings(site_settings())
    assert (options["card_font"], options["card_bold_font"]) == FONTS
    for font in FONTS:
        assert missing_glyphs(font, text) == set(), font
    # The same check finds what Pillow's bundled font cannot draw.
    assert {"ñ", "¿"} <= missing_glyphs(None, text)


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis(card_site):
    quote = source(LONG)["quote"]
    main = dict(card_of(card_site, LONG)[1])["main"]
    assert main.startswith("“") and main.endswith("…”"), main
    kept = main[1:-2]
    assert quote.startswith(kept) and len(kept) < len(quote)
    assert quote[len(kept)] in " ,;:.", quote[len(kept) :]  # the cut falls between words
    # A quote that fits is drawn whole.
    assert dict(card_of(card_site, NAMED)[1])["main"] == f"“{source(NAMED)['quote']}”"


def test_fitting_shrinks_before_it_cuts():
    from campaign.card_drawing import Fonts, fit

    fonts = Fonts(Path(FONTS[0]), Path(FONTS[1]))
    text = "one two three four five six seven eight nine ten eleven twelve"
    lines, size = fit(text, fonts, True, (60, 40, 20), 700, 2)
    assert size < 60 and " ".join(lines) == text and len(lines) <= 2
    lines, size = fit(text, fonts, True, (60, 40), 300, 1, ("“", "”"))
    assert size == 40 and len(lines) == 1 and lines[0].endswith("…”")
    assert text.startswith(lines[0][1:-2]) and text[len(lines[0]) - 3] == " "


# --- the cache --------------------------------------------------------------


def stamps(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.iterdir())}


def test_a_rebuild_draws_nothing_and_an_edit_redraws_one_card(tmp_path, capfd):
    content = copy_campaign(tmp_path)
    output = tmp_path / "output"
    build(content, output)
    assert f"Share cards: drew {len(PAGES)}, 0 unchanged" in capfd.readouterr().err
    before = stamps(output / "share-cards"), stamps(cache_of(output))

    build(content, output)
    assert f"Share cards: drew 0, {len(PAGES)} unchanged" in capfd.readouterr().err
    assert (stamps(output / "share-cards"), stamps(cache_of(output))) == before

    story = content / PAGES[NAMED]
    old_card = card_of(output, NAMED)[0]
    story.write_text(story.read_text().replace("answer it.", "answer it, again."), encoding="utf-8")
    build(content, output)
    assert f"Share cards: drew 1, {len(PAGES) - 1} unchanged" in capfd.readouterr().err
    new_card, drawn = card_of(output, NAMED)
    assert new_card != old_card and new_card.is_file()
    assert dict(drawn)["main"].endswith("answer it, again.”")
    # The old card left the output and the cache; the others stayed as they were.
    assert not old_card.exists() and not (cache_of(output) / old_card.name).exists()
    assert sorted(p.name for p in (output / "share-cards").iterdir()) == sorted(
        card_of(output, url)[0].name for url in PAGES
    )


def test_a_card_another_build_took_from_the_cache_is_drawn_again(tmp_path, monkeypatch):
    """Builds that share a cache each keep only their own cards: a card
    that goes between looking it up and reading it is drawn again."""
    from campaign import cards

    content = copy_campaign(tmp_path)
    output = tmp_path / "output"
    build(content, output)
    before = {path.name: path.read_bytes() for path in (output / "share-cards").iterdir()}
    shutil.rmtree(output / "share-cards")

    def gone(self, key):
        raise FileNotFoundError(key)

    monkeypatch.setattr(cards.CardCache, "png", gone)
    build(content, output)
    assert {path.name: path.read_bytes() for path in (output / "share-cards").iterdir()} == before


def test_a_withdrawn_storys_card_is_taken_down(tmp_path):
    content = copy_campaign(tmp_path)
    output = tmp_path / "output"
    story = content / "testimonies/withdrawn.md"
    published = story.read_text(encoding="utf-8")
    story.write_text(published.replace("Withdrawn: 2026-11-01\n", ""), encoding="utf-8")
    build(content, output)
    address = head_meta(output, WITHDRAWN)["og:image"]
    card = output / urlparse(address).path.lstrip("/")
    assert card.is_file()
    story.write_text(published, encoding="utf-8")
    build(content, output)
    assert not card.exists()
    drawn = json.loads((cache_of(output) / "drawn.json").read_text(encoding="utf-8"))
    assert "A sentence its teller asked us to take down" not in json.dumps(drawn, ensure_ascii=False)


# --- a site without cards --------------------------------------------------


def test_a_site_without_cards_shares_the_photo_or_the_logo(tmp_path):
    """CAMPAIGN["share_cards"] False: an earlier build's cards leave the
    output, no page names one, a story's photo is its large image, every
    other page shows the logo small; the card fonts are not needed."""
    content = copy_campaign(tmp_path)
    Image.new("RGB", (1200, 800), "#3a6b8c").save(content / "images" / "night-desk.png")
    story = content / PAGES[NAMED]
    story.write_text(
        story.read_text(encoding="utf-8").replace(
            "Petition: night-pay\n",
            "Petition: night-pay\nPhoto: images/night-desk.png\nPhoto-Alt: An empty intake desk under one lamp\n",
        ),
        encoding="utf-8",
    )
    output = build(content, tmp_path / "output")
    assert list((output / "share-cards").glob("*.png")), "the first build, with cards, drew none"
    build(content, output, CAMPAIGN={"share_cards": False, "card_font": "/nowhere/DejaVuSans.ttf"})
    assert not (output / "share-cards").exists()
    canonical = site_settings()["CANONICAL_SITEURL"]
    for url in PAGES:
        meta = head_meta(output, url)
        image = "images/night-desk.png" if url == NAMED else LOGO
        assert meta["og:image"] == f"{canonical}/{image}", url
        assert meta["twitter:card"] == ("summary_large_image" if url == NAMED else "summary"), url
        assert not {"og:image:alt", "og:image:width", "og:image:height"} & meta.keys(), url
        assert meta["og:url"] == f"{canonical}/{url}" and meta["og:title"] and meta["twitter:title"], url
        assert meta["og:description"] and meta["twitter:description"], url
    for path in output.rglob("*.html"):
        assert "share-cards/" not in path.read_text(encoding="utf-8"), path
    # The cache stays: cards turned back on are taken from it, not drawn again.
    assert (cache_of(output) / "drawn.json").is_file()


# --- mistakes and privacy ---------------------------------------------------


def settings_file(folder: Path, campaign_extra: str) -> Path:
    return write_settings(
        folder / "cardsettings.py",
        f"\nUNION_LOGO = {LOGO!r}\nCAMPAIGN = {{**CAMPAIGN, {campaign_extra}}}\n"
        f"CACHE_PATH = {str(folder / 'output-cache')!r}\n",
    )


def refused(folder: Path, campaign_extra: str) -> tuple[Path, str]:
    """A `pelican` run with a CAMPAIGN setting it must refuse, as an
    organizer runs it: stopped, no traceback, no card. (settings, stderr)"""
    settings = settings_file(folder, campaign_extra)
    result = run_pelican(copy_campaign(folder), folder / "output", settings)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "output" / "share-cards").exists()
    return settings, result.stderr


def test_a_missing_font_stops_the_build_at_its_setting(tmp_path):
    settings, stderr = refused(tmp_path, '"card_font": "/nowhere/DejaVuSans.ttf"')
    assert (
        f'{settings}:6: the share cards\' font `/nowhere/DejaVuSans.ttf` (CAMPAIGN["card_font"]) is not installed'
    ) in stderr
    assert "fonts-dejavu-core" in stderr


def test_a_share_cards_setting_that_is_not_true_or_false_is_an_error(tmp_path):
    settings, stderr = refused(tmp_path, '"share_cards": "no"')
    assert (
        f"{settings}:6: CAMPAIGN[\"share_cards\"] is `'no'` "
        "(write True for a share card on every story and petition, or False for none)"
    ) in stderr, stderr[-2000:]


def test_a_storytellers_name_in_a_drawn_field_stops_the_build(tmp_path):
    content = copy_campaign(tmp_path)
    story = content / PAGES[ANONYMOUS]
    story.write_text(
        story.read_text().replace("Workplace: Harbor County Family Services", "Workplace: Periwinkle Family Services"),
        encoding="utf-8",
    )
    result = run_pelican(content, tmp_path / "output", settings_file(tmp_path, ""))
    assert result.returncode == 1
    assert "testimonies/anonymous.md:7: `Workplace` contains `periwinkle`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "output").rglob("*.png"))


# Plain `pelican` with the check of the sources switched off, for the test
# below; in a process of its own, so the aborted build leaves nothing behind
# in the test process (pelican-sitemap keeps the first build it meets).
WITHOUT_SOURCE_CHECK = """
import sys
sys.path.insert(0, {plugins!r})
from campaign import privacy
privacy.check_sources = lambda *args, **kwargs: None
from pelican import main
main()
"""


def test_the_cards_own_check_refuses_a_name_the_source_check_did_not_see(tmp_path):
    """Defence in depth: with the check of the sources switched off, the
    text drawn on each card is still checked before any card is written, and
    a card an earlier build drew (before the register knew the name) is
    taken down. The anonymous story's quote mentions "the tidewater road"; the
    register then learns that its teller is also known as Odie Tidewater."""
    import subprocess
    import sys

    from helpers import ROOT, fixture_env

    content = copy_campaign(tmp_path)
    output = tmp_path / "output"
    settings = settings_file(tmp_path, "")
    assert run_pelican(content, output, settings).returncode == 0
    earlier = card_of(output, ANONYMOUS)[0]
    assert earlier.is_file()

    register = content.parent / "private" / "storytellers.yml"
    register.write_text(
        register.read_text().replace(
            "name: Odalys Periwinkle\n", "name: Odalys Periwinkle\n  also_known_as: [Odie Tidewater]\n"
        )
    )
    script = tmp_path / "without_source_check.py"
    script.write_text(WITHOUT_SOURCE_CHECK.format(plugins=str(ROOT / "plugins")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(content), "-s", str(settings), "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **fixture_env(content)},
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    quote_line = next(
        n
        for n, text in enumerate((content / PAGES[ANONYMOUS]).read_text().splitlines(), 1)
        if text.startswith("Quote:")
    )
    assert (
        f"testimonies/anonymous.md:{quote_line}: the share card of {ANONYMOUS} would show `tidewater`, "
        "part of its anonymous storyteller's name (from `Quote`)"
    ) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not earlier.exists()
    # The other cards are untouched: only the one that names someone went.
    assert len(list((output / "share-cards").iterdir())) == len(PAGES) - 1


def png_with_text(data: bytes, keyword: bytes, text: bytes) -> bytes:
    """The PNG with a tEXt chunk slipped in before its IEND."""
    import zlib

    body = keyword + b"\0" + text
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return data[:-12] + chunk + data[-12:]


def test_the_gate_reads_a_drawn_card_by_its_bytes_and_chunks(card_site, tmp_path):
    """The gate takes a card's text as checked only for the very bytes the
    build drew: the same card with a name added in a text chunk is refused,
    whether the gate was told of its new bytes (it holds more than pixels)
    or of other bytes (then it is read like any file)."""
    import hashlib

    from campaign.gate import Gate
    from campaign.names import NameMatcher, Storyteller, name_parts

    teller = Storyteller(PAGES[ANONYMOUS], frozenset(name_parts("Odalys Periwinkle")))
    card = card_of(card_site, ANONYMOUS)[0].read_bytes()
    tampered = png_with_text(card, b"Author", b"Odalys Periwinkle")
    site = tmp_path / "site"
    (site / "share-cards").mkdir(parents=True)
    files = {"share-cards/clean.png": card, "share-cards/told.png": tampered, "share-cards/swapped.png": tampered}
    for relative, data in files.items():
        (site / relative).write_bytes(data)
    drawn = {
        "share-cards/clean.png": hashlib.sha256(card).hexdigest(),
        "share-cards/told.png": hashlib.sha256(tampered).hexdigest(),  # told of the new bytes
        "share-cards/swapped.png": hashlib.sha256(card).hexdigest(),  # told of other bytes than these
    }
    problems, leaking = Gate(NameMatcher([teller]), drawn=drawn).scan(site)
    assert sorted(path.name for path in leaking) == ["swapped.png", "told.png"]
    report = problems.report()
    assert "share-cards/told.png:1: is a drawn card that carries a tEXt chunk" in report
    assert "share-cards/swapped.png:1: its bytes contain `odalys` and `periwinkle`" in report
    assert "clean.png" not in report
