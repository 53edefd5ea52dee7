import gettext
from pathlib import Path

import pytest
from campaign.i18n import Words, load_catalogs
from campaign.problems import Problems

# The English words: the msgids themselves, as a build without catalogs speaks.
ENGLISH = Words("en", gettext.NullTranslations())
THEME_TRANSLATIONS = Path(__file__).resolve().parents[2] / "theme" / "translations"


@pytest.fixture(scope="session")
def catalogs():
    """The theme's own catalogs, compiled as a build compiles them."""
    problems = Problems()
    loaded = load_catalogs(THEME_TRANSLATIONS, "en", problems)
    assert list(problems) == []
    return loaded
