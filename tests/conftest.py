import os

import pytest
from helpers import SEARCH, SETTINGS_ENV, SHOWCASE, build_site

# `invoke` and `make`, run by the tests, build with the tests' own settings
# too, not with whatever a union has set in pelicanconf.py.
os.environ.update(SETTINGS_ENV)


@pytest.fixture(scope="session")
def showcase_site(tmp_path_factory):
    """tests/fixtures/showcase (one of every page type), built once with the
    tests' development settings."""
    output = tmp_path_factory.mktemp("showcase") / "output"
    return build_site(SHOWCASE, output, UNION_LOGO="images/logo.svg")  # the showcase has a logo


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    """tests/fixtures/search, built once with the tests' development settings."""
    return build_site(SEARCH, tmp_path_factory.mktemp("search") / "output")


@pytest.fixture(scope="session")
def spanish_search_site(tmp_path_factory):
    """The same campaign on a site whose own language is Spanish, as the
    Spanish face of a site is built: its search page speaks Spanish and has
    `<html lang="es">`."""
    return build_site(SEARCH, tmp_path_factory.mktemp("search-es") / "output", DEFAULT_LANG="es")
