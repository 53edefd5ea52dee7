"""Every word the site prints comes from one gettext catalog per language.

The catalogs live in `<THEME>/translations/<lang>/LC_MESSAGES/messages.po`
(or wherever `CAMPAIGN["translations"]` points), hold the words of the
templates and of the plugin alike, and are compiled when a build starts, so
editing a `.po` file is all a rewording or a new language takes. Messages are
marked where they are used: `_()` and `{% trans %}` in templates,
`words.gettext()` / `words.ngettext()` / `N_()` in Python, and `invoke
translations` extracts them (babel.cfg) and updates every catalog.

A language without a catalog, or a message its catalog lacks, falls back to
the site's default language and then to English, the msgid itself.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import pass_context
from markupsafe import Markup

DOMAIN = "messages"
SOURCE_LANG = "en"


def N_(message: str) -> str:
    """Marks a message for extraction where it is only named, not yet shown
    (a content type's default name); it is translated where it is printed."""
    return message


def base_language(lang: str | None) -> str:
    return (lang or SOURCE_LANG).replace("-", "_").split("_")[0].lower()


def parse_locale(lang: str | None) -> Locale:
    """CLDR's data for a language, English's when CLDR has none (a made-up code)."""
    try:
        return Locale.parse(base_language(lang))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANG)


@dataclass(frozen=True)
class Numbers:
    """How one language writes numbers: its locale's digits and separators
    (Babel), digit groups only from `group_from` on, and where the percent
    sign goes. Babel has no CLDR minimum grouping (Spanish writes 1840 but
    12.500), so the catalog says it, as it says the date patterns."""

    locale: str = SOURCE_LANG
    group_from: int = 1000
    percent_pattern: str = "{number}%"

    def __call__(self, value) -> str:
        """65, 2,765, 6.5: whole numbers whole, a fraction to one decimal."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        if isinstance(value, float):
            value = round(value, 1)  # as printf rounds: 0.05 is a hair over, so 0.1
            if value.is_integer():
                value = int(value)
        return format_decimal(
            value,
            format="#,##0" if isinstance(value, int) else "#,##0.#",
            locale=self.locale,
            group_separator=abs(value) >= self.group_from,
        )

    def percent(self, value) -> str:
        return self.percent_pattern.format(number=self(value))


@dataclass(frozen=True)
class Words:
    """One language's words. Placeholders are `{name}`, filled here, so a
    translation may move them anywhere in its sentence."""

    lang: str
    translations: gettext_module.NullTranslations

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text.format(**values) if values else text

    @functools.cached_property
    def locale(self) -> Locale:
        """CLDR's data for this language (month names), English when it has none."""
        return parse_locale(self.lang)

    @functools.cached_property
    def numbers(self) -> Numbers:
        # Translators: the smallest number written with digit groups, in digits only: 1000 in English (1,000); 10000 where a four-digit number stays whole, as in Spanish (1840 but 12.500)
        smallest = self.gettext("1000")
        # Translators: a number with the percent sign, as your language writes it: {number}% in English, {number} % (a no-break space) in Spanish
        percent = self.gettext("{number}%")
        return Numbers(
            str(self.locale),
            int(smallest) if smallest.isdigit() else 1000,
            percent if "{number}" in percent else "{number}%",
        )


def language_name(lang: str, in_lang: str | None = None) -> str:
    """A language's name in another (or, without `in_lang`, in itself: its
    name for a language switch, "Español"), CLDR's; the code when CLDR has none."""
    try:
        locale = Locale.parse(base_language(lang))
    except (ValueError, UnknownLocaleError):
        return lang
    name = locale.get_display_name(parse_locale(in_lang or lang)) or lang
    return name[:1].upper() + name[1:] if in_lang is None else name


@dataclass
class Catalogs:
    """The compiled catalogs of one build, by language."""

    folder: Path | None
    default_lang: str = SOURCE_LANG
    compiled: dict[str, bytes] = field(default_factory=dict)  # language -> .mo bytes
    _chains: dict[str, Words] = field(default_factory=dict, repr=False)

    # Pelican's content cache pickles what content objects hold; gettext's
    # compiled plural rules cannot be pickled, and are rebuilt on demand.
    def __reduce__(self):
        return (Catalogs, (self.folder, self.default_lang, self.compiled))

    def files(self) -> list[Path]:
        if self.folder is None or not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))

    def languages(self) -> list[str]:
        return sorted(self.compiled)

    def words(self, lang: str | None = None) -> Words:
        lang = base_language(lang or self.default_lang)
        if lang not in self._chains:
            self._chains[lang] = Words(lang, self._chain(lang))
        return self._chains[lang]

    def _chain(self, lang: str) -> gettext_module.NullTranslations:
        codes = [c for c in dict.fromkeys([lang, base_language(self.default_lang), SOURCE_LANG]) if c in self.compiled]
        if not codes:
            return gettext_module.NullTranslations()
        chain = [Translations(io.BytesIO(self.compiled[code]), domain=DOMAIN) for code in codes]
        for fallback in chain[1:]:
            chain[0].add_fallback(fallback)
        return chain[0]


def load_catalogs(folder: Path | None, default_lang: str, problems) -> Catalogs:
    """Compile every `.po` file in `folder`; a broken one is a problem at its
    line, and its language falls back to the default's words."""
    catalogs = Catalogs(Path(folder) if folder else None, default_lang)
    for path in catalogs.files():
        lang = path.parent.parent.name
        try:
            with path.open("rb") as source:
                catalog = read_po(source, domain=DOMAIN, abort_invalid=True)
        except PoFileError as error:
            problems.error(
                str(path),
                (getattr(error, "lineno", 0) or 0) + 1,  # Babel counts lines from 0
                f"this catalog cannot be read: {error}",
                "compare it with the English catalog beside it, or run `invoke translations`",
            )
            continue
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problems.error(str(path), 1, f"this catalog cannot be read ({error})", "save it as UTF-8 .po text")
            continue
        mo = io.BytesIO()
        write_mo(mo, catalog)  # fuzzy entries are left out, as gettext does
        catalogs.compiled[base_language(lang)] = mo.getvalue()
    return catalogs


PAGE_LANG = "page_lang"  # the language a page speaks, set for each page by faces.FaceWriter


def page_language(context) -> str | None:
    return context.get(PAGE_LANG)


def jinja_callables(catalogs: Catalogs) -> dict:
    """`_`, `gettext` and `ngettext` for the templates. They speak the page's
    language (`page_lang`, the site's default when unset) unless given
    `lang=` (a story's own language, for the words around its content on a
    page in another); `%(name)s` placeholders are filled after escaping, as
    Jinja's newstyle gettext does."""

    # A page asks for the same few dozen messages a thousand times over: each
    # is looked up once per build and language.
    looked_up: dict = {}

    def finish(context, text, variables):
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables if variables else text

    @pass_context
    def gettext(context, message, lang=None, **variables):
        lang = lang or page_language(context)
        key = (lang, message, context.eval_ctx.autoescape)
        text = looked_up.get(key)
        if text is None:
            text = looked_up[key] = finish(context, catalogs.words(lang).translations.gettext(message), None)
        return text % variables if variables else text

    @pass_context
    def ngettext(context, singular, plural, num, lang=None, **variables):
        text = catalogs.words(lang or page_language(context)).translations.ngettext(singular, plural, num)
        return finish(context, text, {"num": num, **variables})

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def install_in_environment(env, catalogs: Catalogs):
    """Jinja's i18n extension, given this build's catalogs; `{% trans %}`
    blocks call the same `gettext` with their variables (newstyle)."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True
    env.globals.update(jinja_callables(catalogs))
