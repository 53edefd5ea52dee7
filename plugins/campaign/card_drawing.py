"""A share card's pixels: its words fitted into 1200×630 and drawn with Pillow.

This module knows nothing of Pelican or of the campaign: it is given the
words (`CardWords`), the fonts, the colours and the logo, and gives back the
lines it fitted (`Layout`, whose `drawn` is exactly the text on the card)
and the PNG.

The card has two colours, the brand and the text colour chosen against it,
so every pixel outside the logo is one of 16 steps between them: the text's
edges are drawn into a grey mask and the steps become a 16-colour palette.
That is smaller and much faster than drawing in full colour and quantizing
afterwards, and it looks the same. A raster logo is pasted on a white tile
with up to 240 colours of its own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
STEPS = 16  # palette entries between the brand and the text colour
ELLIPSIS = "…"
DARK_TEXT = (26, 26, 26)
LIGHT_TEXT = (255, 255, 255)

# Sizes in pixels, largest first: a block is drawn at the largest size at
# which it fits, and cut (at a word, with an ellipsis) only at the smallest.
MAIN_SIZES = (64, 58, 52, 47, 42, 38)
LINE_SIZES = (30, 28, 26, 24)
KICKER_SIZE = 28
UNION_SIZES = (30, 28, 26, 24, 22)
LINE_HEIGHT = 1.22

# Where each part sits (y in pixels from the top).
KICKER_TOP = 60
MAIN_TOP = 136
RULE_Y = HEIGHT - 116  # the line above the union's name
FOOTER_TOP = RULE_Y + 28
LOGO_SIZE = 60
LOGO_PADDING = 6
BAR_HEIGHT = 22


@dataclass(frozen=True)
class CardWords:
    """Everything a card says, before it is fitted. `main` is the pull quote
    (drawn between `quote_marks`) or the title; `byline` who told it (never a
    name for an anonymous story: the caller leaves it out); `progress` a
    petition's signatures, with `fraction` of its goal for the bar."""

    kicker: str
    main: str
    union: str
    byline: str = ""
    quote_marks: tuple[str, str] = ("", "")
    progress: str = ""
    fraction: float | None = None

    def as_data(self) -> dict:
        return {
            "kicker": self.kicker,
            "main": self.main,
            "union": self.union,
            "byline": self.byline,
            "quote_marks": list(self.quote_marks),
            "progress": self.progress,
            "fraction": self.fraction,
        }


@dataclass
class Fonts:
    """The two font files a card is drawn with, each size loaded once."""

    regular: Path
    bold: Path
    _loaded: dict = field(default_factory=dict, repr=False)

    def get(self, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        key = (bold, size)
        if key not in self._loaded:
            # The basic layout engine, not Raqm: the same pixels on every
            # machine, whether or not libraqm is installed there.
            self._loaded[key] = ImageFont.truetype(
                str(self.bold if bold else self.regular), size, layout_engine=ImageFont.Layout.BASIC
            )
        return self._loaded[key]


@dataclass(frozen=True)
class Block:
    """One fitted block of text: its lines, its size, where it starts."""

    part: str
    lines: tuple[str, ...]
    size: int
    bold: bool
    top: int

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    fraction: float | None
    bar_top: int = 0
    union_left: int = MARGIN

    @property
    def drawn(self) -> list[tuple[str, str]]:
        """(part, text) of every block, as it is on the card."""
        return [(block.part, block.text) for block in self.blocks]


def _wrap(words: list[str], font, width: int) -> list[str]:
    lines, line = [], ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if not line or font.getlength(trial) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _cut(words: list[str], font, width: int, max_lines: int, close: str) -> list[str]:
    """As many whole words as fit in `max_lines`, the last followed by the
    ellipsis (and `close`, the closing quotation mark)."""
    # Only the words of the first `max_lines` lines can stay: the rest is
    # never tried, so a very long text costs no more than a short one.
    kept = list(words[: sum(len(line.split()) for line in _wrap(words, font, width)[:max_lines])])
    while kept:
        lines = _wrap(kept, font, width)
        # The ellipsis follows the last word kept; a comma or colon before it goes.
        lines[-1] = lines[-1].rstrip(",.;:—–- ") + ELLIPSIS + close
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return lines
        kept.pop()
    return [ELLIPSIS + close]


def fit(text: str, fonts: Fonts, bold: bool, sizes, width: int, max_lines, marks=("", "")) -> tuple[list[str], int]:
    """`text` (between `marks`) wrapped at the largest of `sizes` at which it
    fits in `max_lines` (a number, or a function of the size); at the
    smallest size, cut at a word with an ellipsis."""
    opening, closing = marks
    words = (opening + " ".join(text.split()) + closing).split()
    for size in sizes:
        font = fonts.get(bold, size)
        allowed = max_lines(size) if callable(max_lines) else max_lines
        lines = _wrap(words, font, width)
        if len(lines) <= allowed and all(font.getlength(line) <= width for line in lines):
            return lines, size
    size = sizes[-1]
    allowed = max_lines(size) if callable(max_lines) else max_lines
    inner = (opening + " ".join(text.split())).split()
    return _cut(inner, fonts.get(bold, size), width, allowed, closing), size


def line_height(size: int) -> int:
    return round(size * LINE_HEIGHT)


def layout(words: CardWords, fonts: Fonts, with_logo: bool) -> Layout:
    """Where every word goes. Bottom up: the union's name under a rule, then
    a petition's bar and progress or the byline, and the main text in what
    is left, centred in it."""
    blocks = [
        Block(
            "kicker",
            tuple(fit(words.kicker, fonts, True, (KICKER_SIZE,), TEXT_WIDTH, 1)[0]),
            KICKER_SIZE,
            True,
            KICKER_TOP,
        )
    ]
    union_left = MARGIN + (LOGO_SIZE + 20 if with_logo else 0)
    union_lines, union_size = fit(words.union, fonts, True, UNION_SIZES, WIDTH - MARGIN - union_left, 1)
    union = Block("union", tuple(union_lines), union_size, True, FOOTER_TOP + (LOGO_SIZE - union_size) // 2 - 2)
    bottom = RULE_Y - 40  # the lowest pixel the blocks above the rule may reach
    bar_top = 0
    fraction = words.fraction
    if fraction is not None:
        bar_top = bottom - BAR_HEIGHT
        bottom = bar_top - 18
    below = []
    for part, text in (("progress", words.progress), ("byline", words.byline)):
        if not text:
            continue
        lines, size = fit(text, fonts, part == "progress", LINE_SIZES, TEXT_WIDTH, 2)
        top = bottom - len(lines) * line_height(size)
        below.append(Block(part, tuple(lines), size, part == "progress", top))
        bottom = top - 24
    room = bottom - MAIN_TOP
    lines, size = fit(
        words.main, fonts, True, MAIN_SIZES, TEXT_WIDTH, lambda s: max(1, room // line_height(s)), words.quote_marks
    )
    used = len(lines) * line_height(size)
    main = Block("main", tuple(lines), size, True, MAIN_TOP + max(0, (room - used) // 2))
    blocks += [main, *reversed(below), union]
    return Layout(tuple(blocks), fraction, bar_top, union_left)


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White or near-black, whichever contrasts more with the brand (WCAG's
    relative luminance)."""

    def luminance(rgb):
        channels = []
        for value in rgb:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    lum = luminance(background)
    against_light = (1.05) / (lum + 0.05)
    against_dark = (lum + 0.05) / (luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if against_light >= against_dark else DARK_TEXT


def hex_colour(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def logo_tile(logo: bytes) -> Image.Image:
    """The logo fitted on a white square (so it shows on any brand colour),
    in at most 240 colours: made once per build, pasted on every card."""
    with Image.open(io.BytesIO(logo)) as source:
        source.seek(0)  # an animated logo: its first frame
        picture = source.convert("RGBA")
    inner = LOGO_SIZE - 2 * LOGO_PADDING
    picture.thumbnail((inner, inner), Image.Resampling.LANCZOS)
    tile = Image.new("RGBA", (LOGO_SIZE, LOGO_SIZE), (255, 255, 255, 255))
    tile.alpha_composite(picture, ((LOGO_SIZE - picture.width) // 2, (LOGO_SIZE - picture.height) // 2))
    return tile.convert("RGB").quantize(256 - STEPS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def render(plan: Layout, fonts: Fonts, brand: tuple[int, int, int], logo: Image.Image | None = None) -> bytes:
    """The card as PNG bytes: a palette image with no metadata at all."""
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    for block in plan.blocks:
        font = fonts.get(block.bold, block.size)
        left = plan.union_left if block.part == "union" else MARGIN
        for number, line in enumerate(block.lines):
            draw.text((left, block.top + number * line_height(block.size)), line, font=font, fill=255, anchor="la")
        if block.part == "kicker":
            draw.rectangle((MARGIN, KICKER_TOP + 44, MARGIN + 56, KICKER_TOP + 49), fill=255)
    draw.rectangle((MARGIN, RULE_Y, WIDTH - MARGIN, RULE_Y + 1), fill=255)
    if plan.fraction is not None:
        box = (MARGIN, plan.bar_top, WIDTH - MARGIN, plan.bar_top + BAR_HEIGHT)
        draw.rectangle(box, outline=255, width=3)
        filled = round((box[2] - box[0]) * max(0.0, min(1.0, plan.fraction)))
        if filled:
            draw.rectangle((box[0], box[1], box[0] + filled, box[3]), fill=255)
    # Grey levels become palette indexes 0..STEPS-1, brand to text colour.
    steps = mask.point([(value * (STEPS - 1) + 127) // 255 for value in range(256)])
    card = Image.frombytes("P", (WIDTH, HEIGHT), steps.tobytes())
    ink = text_colour(brand)
    palette = []
    for step in range(STEPS):
        palette += [round(brand[c] + (ink[c] - brand[c]) * step / (STEPS - 1)) for c in range(3)]
    if logo is not None:
        palette += logo.getpalette()[: 3 * (256 - STEPS)]
        shifted = Image.frombytes("P", logo.size, bytes(index + STEPS for index in logo.tobytes()))
        card.paste(shifted, (MARGIN, FOOTER_TOP))
    card.putpalette(palette)
    out = io.BytesIO()
    # Only what `save` is told to write: no text chunks, no EXIF, no ICC
    # profile, no time. zlib level 3: measured on 50 cards, 2.3 ms and 20.5 KB
    # a card against 4.3 ms and 17.5 KB at the default 6 (level 9: 42 ms,
    # 16.5 KB). A cold build draws every card, so the time counts more than
    # 3 KB of a card that is far under its 120 KB budget.
    card.save(out, format="PNG", compress_level=3)
    return out.getvalue()
