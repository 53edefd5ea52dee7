"""Share cards: the picture a shared link shows, one for every story and
petition, drawn from what it says (card_drawing.py draws it).

A card is named by a digest of everything drawn on it (its words, the brand
colour, the logo's bytes, the fonts' bytes, its size and the drawing code),
so an unchanged story keeps its card: a rebuild finds it in the cache and
draws nothing, and a changed card gets a new address, which is what makes
the sites that show it fetch it again.

The privacy gate reads every byte of the output, but words drawn as pixels
are not bytes it can read: the text drawn on each card is kept beside it and
checked with the same name matcher before any card is written, on every
build, so a register that learns a new name is applied to old cards too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import PIL
from markupsafe import Markup
from PIL import ImageFont

from . import card_drawing, render
from .card_drawing import HEIGHT, WIDTH, CardWords, Fonts
from .frontmatter import read_header
from .names import findings
from .parallel import PARALLEL_FROM, Worker, share, workers
from .problems import Problems, stop_on_errors
from .settings import is_worker_stories
from .settings_source import SettingsSource
from .story import story_of

if TYPE_CHECKING:
    from .campaign import Campaign

FOLDER = "share-cards"  # in the output and in the cache, holding only cards
KEY_LENGTH = 24  # hex digits of the digest: a card's file name
CARD_FILE = re.compile(rf"^[0-9a-f]{{{KEY_LENGTH}}}\.png$")
DRAWN_FILE = "drawn.json"  # in the cache: the text drawn on each card, and its PNG's SHA-256
RASTER_LOGOS = {".png", ".jpg", ".jpeg", ".webp", ".gif"}  # an SVG logo cannot be drawn: the name alone
FONT_KEYS = {"card_font": "regular", "card_bold_font": "bold"}
FONT_PACKAGE = "fonts-dejavu-core"
DEFAULT_BRAND = "#9b1d20"  # site.css's --brand, for a site without BRAND_COLOUR
AFTER_PUNCTUATION = ".!?…»”\"'"


@dataclass(frozen=True)
class ShareCard:
    """One written card, as a page's <head> names it."""

    path: str  # in the output, e.g. share-cards/<key>.png
    alt: str  # what is drawn on it, in reading order
    drawn: tuple  # ((part, text), ...): exactly the text on the card
    width: int = WIDTH
    height: int = HEIGHT


@dataclass
class Subject:
    """What one card is drawn for: a page's address, its source, its words,
    and which source field or setting gave each part (for a problem's line)."""

    url: str
    source: str
    words: CardWords
    origins: dict = field(default_factory=dict)  # part -> header keys or "setting:NAME"


def plain(value) -> str:
    """Text as it is read, without tags or entities."""
    return Markup(str(value or "")).striptags().strip()


def font_paths(options: dict) -> dict[str, str]:
    return {role: str(options.get(key) or "") for key, role in FONT_KEYS.items()}


def font_problems(settings: dict, options: dict, problems: Problems, source: SettingsSource):
    """A font that is not there, or is not a font: told before anything is
    drawn, at the line that set it (the CAMPAIGN line when it is the default)."""
    for key in FONT_KEYS:
        path = str(options.get(key) or "")
        where = source.where("CAMPAIGN", key)
        if not path or not Path(path).is_file():
            problems.error(
                *where,
                f'the share cards\' font `{path}` (CAMPAIGN["{key}"]) is not installed',
                f"install Debian's {FONT_PACKAGE} (`apt-get install {FONT_PACKAGE}`, as .ci/run does), "
                "or set it to a TrueType font file that has accented letters",
            )
            continue
        try:
            ImageFont.truetype(path, 20, layout_engine=ImageFont.Layout.BASIC)
        except OSError as error:
            problems.error(
                *where,
                f'the share cards\' font `{path}` (CAMPAIGN["{key}"]) cannot be read as a font ({error})',
                "point it at a .ttf or .otf file",
            )


# --- what each card says -----------------------------------------------------


def quote_marks(words) -> tuple[str, str]:
    """The language's quotation marks, from its catalog: “…” or «…»."""
    opening, _, closing = words.gettext("“{quote}”").partition("{quote}")
    return opening, closing


def article_subject(article, campaign: Campaign) -> Subject:
    words = campaign.words(article.lang)
    options = campaign.options
    type_id = getattr(article, "type", None)
    info = options["types"].get(type_id) or {}
    quote = plain(article.metadata.get("quote"))
    origins = {"kicker": [], "main": ["quote"] if quote else ["title"], "union": ["setting:UNION_NAME"]}
    author = plain(getattr(article, "author", "") or "")
    if is_worker_stories(options, type_id):
        if story_of(article).anonymous:
            # Never a name, whatever is left on the article: the words the page's byline uses.
            who = [words.gettext("Shared anonymously")]
            origins["byline"] = ["role", "workplace"]
        else:
            who = [author]
            origins["byline"] = ["author", "role", "workplace"]
        parts = who + [plain(article.metadata.get("role")), plain(article.metadata.get("workplace"))]
        byline = ", ".join(part for part in parts if part)
    else:
        by = words.gettext("By")
        byline = f"{by} {author}" if author else ""
        origins["byline"] = ["author"]
    # A name from the settings, looked up in the catalogs (a literal here
    # would be extracted as a message of its own).
    singular = info.get("singular")
    card = CardWords(
        kicker=words.gettext(singular) if singular else "",
        main=quote or plain(article.title),
        union=union_name(campaign.settings),
        byline=byline,
        quote_marks=quote_marks(words) if quote else ("", ""),
    )
    return Subject(article.url, article.relative_source_path, card, origins)


def petition_subject(petition, campaign: Campaign) -> Subject:
    words = campaign.words(petition.lang or None)
    kicker = words.gettext("Petition")
    if not petition.is_open:
        kicker += " · " + render.status_word(petition.status, words)
    fraction = (petition.signatures or 0) / petition.goal if petition.goal else None
    card = CardWords(
        kicker=kicker,
        main=plain(petition.title),
        union=union_name(campaign.settings),
        progress=render.progress_text(petition, words),
        fraction=fraction,
    )
    origins = {"kicker": [], "main": ["title"], "progress": ["signatures", "goal"], "union": ["setting:UNION_NAME"]}
    return Subject(petition.page_url, petition.source_path, card, origins)


def union_name(settings: dict) -> str:
    return plain(settings.get("UNION_NAME") or settings.get("SITENAME") or "")


def alt_text(drawn) -> str:
    """The drawn text in reading order, each part a sentence of its own."""
    text = ""
    for _part, part_text in drawn:
        if not part_text:
            continue
        if text:
            text += " " if text[-1] in AFTER_PUNCTUATION else ". "
        text += part_text
    return text


# --- the cache ---------------------------------------------------------------


class CardCache:
    """Cards drawn before, by key: a folder of PNGs and one JSON file with
    the text drawn on each and the SHA-256 of its bytes. Only the cards of
    the last build are kept."""

    def __init__(self, folder: Path):
        self.folder = folder
        try:
            self.entries = json.loads((folder / DRAWN_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self._changed = False

    def get(self, key: str) -> tuple | None:
        """The text drawn on the card `key`, if the cache has the card."""
        entry = self.entries.get(key)
        if not isinstance(entry, dict) or not (self.folder / f"{key}.png").is_file():
            return None
        return tuple((part, text) for part, text in entry["drawn"])

    def sha256(self, key: str) -> str:
        return self.entries[key]["sha256"]

    def png(self, key: str) -> bytes:
        return (self.folder / f"{key}.png").read_bytes()

    def put(self, key: str, drawn, data: bytes):
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / f"{key}.png", data)
        self.entries[key] = {"drawn": [list(item) for item in drawn], "sha256": hashlib.sha256(data).hexdigest()}
        self._changed = True

    def keep_only(self, keys: set[str]):
        """Forget every card but `keys`; the JSON file is written only when
        it changed, so a rebuild that drew nothing leaves the cache as it was."""
        kept = {key: value for key, value in self.entries.items() if key in keys}
        self._changed = self._changed or kept.keys() != self.entries.keys()
        self.entries = kept
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if CARD_FILE.match(path.name) and path.stem not in keys:
                    path.unlink()
        if self._changed or not (self.folder / DRAWN_FILE).is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps(self.entries, ensure_ascii=False, sort_keys=True, indent=0)
            _write_atomically(self.folder / DRAWN_FILE, data.encode("utf-8"))
            self._changed = False


def _write_atomically(path: Path, data: bytes):
    """Another build reading the same cache never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def cache_folder(settings: dict) -> Path:
    # Beside the content cache, not in its fingerprinted folder: a changed
    # fact starts a fresh content cache, but changes no card.
    return Path(settings.get("CAMPAIGN_CACHE_BASE") or settings.get("CACHE_PATH") or "cache") / FOLDER


# --- drawing and writing -----------------------------------------------------


class CardMaker:
    """One build's cards: the fonts, colour and logo they share, and what
    each part of the digest is made of."""

    def __init__(self, campaign: Campaign):
        settings, options = campaign.settings, campaign.options
        paths = font_paths(options)
        self.fonts = Fonts(Path(paths["regular"]), Path(paths["bold"]))
        self.brand = card_drawing.hex_colour(str(settings.get("BRAND_COLOUR") or DEFAULT_BRAND))
        self.logo, logo_bytes = None, b""
        logo = settings.get("UNION_LOGO")
        if logo and Path(str(logo)).suffix.lower() in RASTER_LOGOS:
            logo_bytes = (campaign.content_root / str(logo)).read_bytes()
            try:
                self.logo = card_drawing.logo_tile(logo_bytes)
            except Exception as error:  # noqa: BLE001 - any picture Pillow cannot read is one problem
                problems = Problems()
                problems.error(
                    *SettingsSource(settings).where("UNION_LOGO"),
                    f"UNION_LOGO `{logo}` cannot be read as a picture for the share cards ({error})",
                    "export it again as PNG, or use an SVG logo (the cards then show the union's name alone)",
                )
                stop_on_errors(problems)
        code = Path(card_drawing.__file__).read_bytes()
        self.base = {
            "code": hashlib.sha256(code).hexdigest(),
            "pillow": PIL.__version__,
            "freetype": ImageFont.core.freetype2_version,
            "size": [WIDTH, HEIGHT],
            "fonts": [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in (paths["regular"], paths["bold"])],
            "brand": list(self.brand),
            "logo": hashlib.sha256(logo_bytes).hexdigest() if self.logo is not None else None,
        }

    def key(self, words: CardWords) -> str:
        data = json.dumps({**self.base, "words": words.as_data()}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:KEY_LENGTH]

    def draw(self, words: CardWords) -> tuple[tuple, bytes]:
        plan = card_drawing.layout(words, self.fonts, self.logo is not None)
        return tuple(plan.drawn), card_drawing.render(plan, self.fonts, self.brand, self.logo)


def subjects(campaign: Campaign, articles) -> list[Subject]:
    found = [article_subject(article, campaign) for article in articles]
    found += [petition_subject(petition, campaign) for petition in campaign.petitions.values()]
    return found


def draw_all(maker: CardMaker, wanted: dict[str, CardWords], settings: dict) -> dict[str, tuple]:
    """key -> (drawn, png) for every card not in the cache; many are shared
    with forked workers (parallel.py), as a cold build's stories are."""
    keys = sorted(wanted)
    count = workers(settings)
    handed: dict[str, Worker] = {}
    started = []
    if len(keys) >= PARALLEL_FROM and count > 1:
        _kept, shares = share(keys, count)
        for batches in shares:
            if batches:
                worker = Worker(lambda key: maker.draw(wanted[key]), batches)
                started.append(worker)
                for batch in batches:
                    handed.update(dict.fromkeys(batch, worker))
    done = {}
    try:
        for key in keys:
            worker = handed.get(key)
            answer = worker.answer(key) if worker is not None else None
            done[key] = answer if answer is not None else maker.draw(wanted[key])
    finally:
        for worker in started:
            worker.close()
    return done


def name_problems(campaign: Campaign, subject: Subject, drawn, problems: Problems) -> bool:
    """Whether the text drawn on a card holds an anonymous storyteller's
    name; each finding is a problem at the field (or setting) it came from."""
    matcher = campaign.name_matcher
    if not matcher:
        return False
    found_any = False
    header = None
    for part, text in drawn:
        for found in findings(matcher.find(text)):
            found_any = True
            path, line, origin = subject.source, 1, "the site's words (its catalogs)"
            for key in subject.origins.get(part, []):
                if key.startswith("setting:"):
                    name = key.partition(":")[2]
                    if matcher.find(plain(campaign.settings.get(name))):
                        path, line = SettingsSource(campaign.settings).where(name)
                        origin = name
                        break
                    continue
                if header is None:
                    header = read_header(campaign.content_root / subject.source)
                if matcher.find(header.get(key) or ""):
                    line, origin = header.line(key), f"`{header.fields[key].key}`"
                    break
            own = found.storyteller.source == subject.source
            problems.error(
                path,
                line,
                f"the share card of {subject.url or 'the home page'} would show {found.words(own)} (from {origin})",
                "reword it so the storyteller cannot be recognised: the privacy gate cannot read words drawn "
                "in a picture, so cards are checked here before they are written",
            )
    return found_any


def make_cards(campaign: Campaign, articles, output: Path) -> dict[str, ShareCard]:
    """Every story's and petition's card, drawn or taken from the cache,
    checked for names, written to `share-cards/` in the output; cards no
    page uses any more leave the output and the cache. url -> ShareCard."""
    started = time.monotonic()
    maker = CardMaker(campaign)
    cache = CardCache(cache_folder(campaign.settings))
    found = subjects(campaign, articles)
    keyed = [(subject, maker.key(subject.words)) for subject in found]
    wanted = {key: subject.words for subject, key in keyed if cache.get(key) is None}
    drawn_now = draw_all(maker, wanted, campaign.settings)
    problems, leaking = Problems(), set()
    for subject, key in keyed:
        drawn = drawn_now[key][0] if key in drawn_now else cache.get(key)
        if name_problems(campaign, subject, drawn, problems):
            leaking.add(key)
    folder = output / FOLDER
    if problems.errors:
        # A card that names someone is not written, and one an earlier build
        # wrote (before the register knew the name) is taken down.
        for key in leaking:
            (folder / f"{key}.png").unlink(missing_ok=True)
        stop_on_errors(problems)
    cards = {}
    folder.mkdir(parents=True, exist_ok=True)
    for key, (drawn, data) in drawn_now.items():
        cache.put(key, drawn, data)
    if campaign.gate is not None:
        # Before the first card is written (the gate's early reader is a
        # copy of the build made then): which bytes were checked by their text.
        for _subject, key in keyed:
            campaign.gate.drawn[f"{FOLDER}/{key}.png"] = cache.sha256(key)
    for subject, key in keyed:
        drawn, data = drawn_now[key] if key in drawn_now else (cache.get(key), None)
        target = folder / f"{key}.png"
        if data is None and not target.is_file():
            try:
                data = cache.png(key)
            except OSError:  # another build sharing the cache has just let it go
                drawn, data = maker.draw(subject.words)
                cache.put(key, drawn, data)
                if campaign.gate is not None:
                    campaign.gate.drawn[f"{FOLDER}/{key}.png"] = cache.sha256(key)
        if data is not None:
            if not target.is_file() or target.stat().st_size != len(data) or target.read_bytes() != data:
                target.write_bytes(data)
                campaign.written(target)
        cards[subject.url] = ShareCard(f"{FOLDER}/{key}.png", alt_text(drawn), tuple(drawn))
    keys = {key for _subject, key in keyed}
    for path in folder.iterdir():
        if CARD_FILE.match(path.name) and path.stem not in keys:
            path.unlink()  # a withdrawn story's card, or a card since redrawn
    cache.keep_only(keys)
    sys.stderr.write(
        f"Share cards: drew {len(drawn_now):,}, {len(keys) - len(drawn_now):,} unchanged "
        f"({time.monotonic() - started:.2f} s).\n"
    )
    return cards


def take_down_all(output: Path):
    """A site built without share cards (CAMPAIGN["share_cards"] False)
    publishes none: the cards an earlier build left in the output go, and
    the folder with them once it holds nothing else. The cache is kept, so
    turning cards back on does not draw them all again."""
    folder = output / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if CARD_FILE.match(path.name):
            path.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()
