"""Storyteller safety and bad input, one test per case in tests/bad_inputs/."""

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import (
    MINIMAL_FACTS,
    TEST_PUBLISH_SETTINGS,
    build_site,
    every_output_byte,
    minimal_content,
    page,
    run_pelican,
    search_pages,
    tree_digest,
    words_found,
)
from helpers import lay_down as lay_down_case
from lxml import etree
from lxml import html as lxml_html
from PIL import Image, ImageDraw
from tasks_helpers import run_check

CORPUS = Path(__file__).parent / "bad_inputs"


def campaign_with(tmp_path: Path, case: str) -> Path:
    content = minimal_content(tmp_path / "content")
    return lay_down(content, case)


def lay_down(content: Path, case: str) -> Path:
    lay_down_case(content, CORPUS / case)
    extra = CORPUS / case / "facts-extra.yml"
    if extra.exists():
        (content / "facts.yml").write_text(MINIMAL_FACTS.lstrip("\n") + extra.read_text())
    return content


def published(content: Path, tmp_path: Path) -> Path:
    return build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS)


# --- every door, from tests/bad_inputs/*/expect.yml ---------------------------

ANONYMOUS_NAME = ["zephyrine", "quillfeather", "okonjo"]
# The notice at a withdrawn story's address, in the story's language.
WITHDRAWN_NOTICE = {
    "en": "This story was withdrawn at its author's request",
    "es": "Esta historia se retiró a petición de quien la contó",
}
DOORS = sorted(p.parent.name for p in CORPUS.glob("*/expect.yml"))


def draw_picture(path: Path, comment: str = "", frames: int = 1):
    path.parent.mkdir(parents=True, exist_ok=True)
    images = []
    for index in range(frames):
        image = Image.new("P" if path.suffix == ".gif" else "RGB", (40, 30), 1)
        if image.mode == "P":
            image.putpalette([0, 0, 0, 155, 29, 32] + [255, 255, 255] * 254)
        ImageDraw.Draw(image).rectangle(
            (index * 5, 5, index * 5 + 10, 20), fill=2 if image.mode == "P" else (255, 255, 255)
        )
        images.append(image)
    options = {"comment": comment} if comment else {}
    if frames > 1:
        options.update(save_all=True, append_images=images[1:], duration=200, loop=0)
    images[0].save(path, **options)
    if comment:
        assert comment.encode() in path.read_bytes(), "the fixture must carry its comment"


def door_campaign(tmp_path: Path, case: str) -> tuple[Path, dict]:
    expect = yaml.safe_load((CORPUS / case / "expect.yml").read_text())
    content = minimal_content(tmp_path / "content")
    for other in expect.get("with", []):
        lay_down(content, other)
    lay_down(content, case)
    for relative, replacements in (expect.get("edit") or {}).items():
        path = content / relative
        text = path.read_text()
        for old, new in replacements:
            assert old in text, (relative, old)
            text = text.replace(old, new)
        path.write_text(text)
    for old, new in (expect.get("rename") or {}).items():
        (content / old).rename(content / new)
    for relative, options in (expect.get("pictures") or {}).items():
        draw_picture(content / relative, **(options or {}))
    for relative, target in (expect.get("links") or {}).items():
        outside = (content / relative).parent / target
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_bytes(b"\xff\xd8TOPSECRET payroll\xff\xd9")
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).symlink_to(target)
    return content, expect


@pytest.mark.parametrize("case", DOORS)
def test_every_door_is_closed(tmp_path, case):
    content, expect = door_campaign(tmp_path, case)
    site = tmp_path / "out"
    result = run_pelican(content, site, TEST_PUBLISH_SETTINGS)
    checked = run_check(content)
    if expect["build"] == "fails":
        assert result.returncode == 1, result.stderr[-3000:]
        assert "Traceback" not in checked
    else:
        assert result.returncode == 0, result.stderr[-3000:]
    for message in expect.get("messages", []):
        assert message in result.stderr, (message, result.stderr[-3000:])
        assert message in checked, (message, checked)
    for message in expect.get("absent_messages", []):  # a misleading second message for the same mistake
        assert message not in result.stderr and message not in checked, message
    site.mkdir(exist_ok=True)
    absent = expect.get("absent", ANONYMOUS_NAME)
    assert words_found(site, absent) == []
    for relative in expect.get("published", []):
        assert (site / relative).is_file(), relative
    for relative in expect.get("not_published", []):
        assert not (site / relative).exists(), relative
    if "notice" in expect:
        notice = lxml_html.fromstring((site / expect["notice"]).read_bytes())
        assert WITHDRAWN_NOTICE[notice.get("lang")] in notice.text_content()
    if expect["build"] == "succeeds":
        assert len(list(site.rglob("*.html"))) > 5  # a real site was built and searched


def test_published_pictures_carry_nothing_but_pixels(tmp_path):
    """The GIF and SVG doors, read back: no comment, no metadata, no script."""
    content, _ = door_campaign(tmp_path, "gif-comment")
    lay_down(content, "svg-metadata")
    lay_down(content, "svg-script")
    site = published(content, tmp_path)
    with Image.open(site / "images/rally.gif") as gif:
        assert "comment" not in gif.info and gif.n_frames == 2
    chart = etree.parse(str(site / "images/chart.svg")).getroot()
    assert [e.tag.split("}")[1] for e in chart if isinstance(e.tag, str)] == ["rect", "rect"]
    assert not any(k for e in chart.iter() for k in e.attrib if "inkscape" in k)
    badge = (site / "images/badge.svg").read_bytes()
    for active in (
        b"script",
        b"onload",
        b"onclick",
        b"javascript",
        b"https://",
        b"foreignObject",
        b"@import",
        b"<set",
        b"image-set",
        b"tracker",
    ):
        assert active not in badge, active
    assert b"<rect" in badge and b"<circle" in badge  # the picture itself stays


# --- consent -----------------------------------------------------------------


def test_missing_consent_stops_the_build(tmp_path):
    result = run_pelican(campaign_with(tmp_path, "missing-consent"), tmp_path / "out")
    assert result.returncode != 0
    assert "testimonies/no-consent.md:1: this testimony has no Consent date" in result.stderr


def test_future_consent_stops_the_build(tmp_path):
    result = run_pelican(campaign_with(tmp_path, "future-consent"), tmp_path / "out")
    assert result.returncode != 0
    assert "testimonies/future-consent.md:6: Consent 2027-09-01 is in the future" in result.stderr


def test_a_draft_needs_no_consent_and_is_never_written(tmp_path):
    content = campaign_with(tmp_path, "missing-consent")
    story = content / "testimonies/no-consent.md"
    story.write_text(story.read_text().replace("Quote:", "Status: draft\nQuote:"))
    site = published(content, tmp_path)
    for name, data in every_output_byte(site):
        assert b"Told without consent" not in data, name


# --- anonymity ---------------------------------------------------------------


def test_an_anonymous_name_is_in_no_output_byte(tmp_path):
    site = published(campaign_with(tmp_path, "anonymous"), tmp_path)
    story = page(site, "testimonies/the-night-intake-ran-out-of-beds/")
    assert "Emergency Response Social Worker" in story.text_content()
    checked = 0
    for name, data in every_output_byte(site):
        lowered = data.lower()
        for word in (b"zephyrine", b"quillfeather", b"okonjo"):
            assert word not in lowered, (name, word)
        checked += 1
    assert checked > 50
    assert not (site / "authors/zephyrine-quillfeather-okonjo").exists()


def test_check_refuses_an_anonymous_story_that_names_its_teller(tmp_path):
    content = campaign_with(tmp_path, "anonymous")
    story = content / "testimonies/hidden-name.md"
    story.write_text(story.read_text() + "\nZephyrine knows the night shift well.\n")
    from tasks_helpers import run_check

    output = run_check(content)
    assert (
        "testimonies/hidden-name.md:19: the text contains `zephyrine`, part of its anonymous storyteller's name"
    ) in output
    assert "1 error" in output


# --- withdrawal --------------------------------------------------------------


def test_a_withdrawn_story_leaves_nothing_but_a_neutral_page(tmp_path):
    site = published(campaign_with(tmp_path, "withdrawn"), tmp_path)
    notice = site / "testimonies/marigold-lanterns-on-the-loading-dock/index.html"
    assert notice.exists()
    doc = lxml_html.fromstring(notice.read_bytes())
    assert "This story was withdrawn at its author's request" in doc.text_content()
    for name, data in every_output_byte(site):
        lowered = data.lower()
        for word in (b"marigold lanterns", b"seventeen marigold", b"periwinkle", b"brackenridge", b"ottoline"):
            assert word not in lowered, (name, word)
    sitemap = (site / "sitemap.xml").read_text()
    assert "marigold" not in sitemap
    thread = page(site, "petitions/caseload-cap/")
    assert [a.text for a in thread.xpath("//section[@class='thread']//h3/a")] == ["One story"]


# --- escaping and sanitizing -------------------------------------------------


def no_active_html(fragment_or_doc, where):
    for element in fragment_or_doc.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("script", "iframe", "object", "embed"), (where, element.tag)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, value)


def test_pasted_html_is_escaped_or_removed_everywhere(tmp_path):
    site = published(campaign_with(tmp_path, "injection"), tmp_path)
    for path in site.rglob("*.html"):
        doc = lxml_html.fromstring(path.read_bytes())
        if path in search_pages(site):
            # The site's own two scripts, from its own files, and nothing else.
            scripts = doc.xpath("//script")
            assert [s.get("src").split("/", 3)[-1] for s in scripts] == [
                "pagefind/pagefind-ui.js",
                "theme/js/search.js",
            ]
            assert not any((s.text or "").strip() for s in scripts)
            for script in scripts:
                script.drop_tree()
        no_active_html(doc, path)
    story = page(site, "testimonies/pasted-alerttitle-title/")
    assert story.xpath("//h1")[0].text_content() == 'Pasted <script>alert("title")</script> title'
    assert 'alert("quote")' in story.xpath("//blockquote[@class='pull-quote']")[0].text_content()
    # Every callout of the fact, in the box or placed in the text, shows its label as written.
    labels = [p.text_content() for p in story.xpath("//p[@class='fact-label']")]
    assert labels and set(labels) == {
        'students <script>alert("label")</script> per <img src=x onerror=alert("label-img")> coordinator'
    }
    assert "Some text" in story.text_content() and 'alert("body")' not in story.text_content()
    sign = story.xpath("//a[@class='petition-sign']/@href")[0]
    assert sign == 'https://sign.example.org/injected?a=1&b="><script>alert(1)</script>'
    for path in (site / "feeds").rglob("*.xml"):
        root = etree.parse(str(path)).getroot()
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in ("content", "description", "encoded"):
                if element.text and "<" in element.text:
                    no_active_html(lxml_html.fragment_fromstring(element.text, create_parent="div"), path)
    document = json.loads((site / "feeds/all.json").read_text())
    for item in document["items"]:
        no_active_html(lxml_html.fragment_fromstring(item["content_html"], create_parent="div"), "all.json")


def test_only_web_and_mail_links_survive(tmp_path):
    site = published(campaign_with(tmp_path, "javascript-link"), tmp_path)
    doc = page(site, "news/a-link-that-runs-code/")
    links = {a.text_content(): a.get("href") for a in doc.xpath("//div[contains(@class,'story-content')]//a")}
    assert links["safe"] == "https://example.org/ok"
    assert links["mail"] == "mailto:organize@example.org"
    assert links.get("here") is None and links.get("there") is None
    for name, data in every_output_byte(site):
        assert b"javascript:alert" not in data, name
        assert b"data:text/html" not in data, name


# --- photos ------------------------------------------------------------------


def gps_photo(path: Path):
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x013B] = "Owner Name Here"  # Artist
    gps = {1: "N", 2: (34.0, 3.0, 7.5), 3: "W", 4: (118.0, 14.0, 37.2)}
    exif[0x8825] = gps  # GPSInfo
    image.save(path, format="JPEG", exif=exif.tobytes())
    with Image.open(path) as check:
        assert check.getexif().get_ifd(0x8825), "the fixture must carry GPS data"


def test_published_photos_carry_no_location_or_owner(tmp_path):
    content = campaign_with(tmp_path, "gps-photo")
    (content / "images").mkdir(exist_ok=True)
    original = content / "images/rally.jpg"
    gps_photo(original)
    site = published(content, tmp_path)
    copy = site / "images/rally.jpg"
    assert copy.exists()
    assert copy.read_bytes() != original.read_bytes()
    with Image.open(copy) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info
    data = copy.read_bytes()
    assert b"Exif" not in data and b"Owner Name Here" not in data and b"CameraMaker" not in data
    # The content folder still has the original, untouched.
    with Image.open(original) as image:
        assert image.getexif().get_ifd(0x8825)


# --- nothing lost ------------------------------------------------------------


@pytest.mark.parametrize("where", ["content", "parent"])
def test_the_build_refuses_an_output_folder_holding_the_content(tmp_path, where):
    content = minimal_content(tmp_path / "content")
    before = tree_digest(content)
    output = content if where == "content" else tmp_path
    result = run_pelican(content, output)
    assert result.returncode != 0
    assert "contains the content folder" in result.stderr or "is the content folder" in result.stderr
    assert tree_digest(content) == before


# --- every mistake at once ----------------------------------------------------

# Cases that only add files of their own (no `with`, edits, renames, drawn
# pictures or links, no register, no facts of their own): they can all be
# laid over one campaign together.
SIMPLE_KEYS = {"build", "messages", "absent_messages", "absent", "published", "not_published", "notice"}


def simple_cases() -> list[str]:
    chosen, taken = [], set()
    for case in DOORS:
        folder = CORPUS / case
        expect = yaml.safe_load((folder / "expect.yml").read_text())
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "expect.yml"}
        if set(expect) - SIMPLE_KEYS or expect.get("build") != "fails" or not expect.get("messages"):
            continue
        if any(f.startswith("private/") or "/" not in f for f in files) or files & taken:
            continue
        chosen.append(case)
        taken |= files
    return chosen


def test_check_reports_every_mistake_at_once_in_file_order(tmp_path):
    """An organizer fixes everything from one run: `check` on a campaign
    holding many different mistakes lists each one, sorted by file and line."""
    cases = simple_cases()
    assert len(cases) >= 10, cases
    content = minimal_content(tmp_path / "content")
    expected = []
    for case in cases:
        lay_down(content, case)
        expected += yaml.safe_load((CORPUS / case / "expect.yml").read_text())["messages"]
    output = run_check(content)
    lines = output.splitlines()
    missing = [m for m in expected if not any(line.startswith(m) for line in lines)]
    assert missing == [], (missing, output)
    reported = [line for line in lines if re.match(r"^[^ :]+:\d+: ", line)]
    order = [(line.split(":")[0], int(line.split(":")[1])) for line in reported]
    assert order == sorted(order), reported
    assert "Traceback" not in output
