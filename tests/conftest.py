import os

import pytest
from helpers import SETTINGS_ENV, SHOWCASE, build_site

# `invoke` and `make`, run by the tests, build with the tests' own settings
# too, not with whatever a union has set in pelicanconf.py.
os.environ.update(SETTINGS_ENV)


@pytest.fixture(scope="session")
def showcase_site(tmp_path_factory):
    """tests/fixtures/showcase (one of every page type), built once with the
    tests' development settings."""
    output = tmp_path_factory.mktemp("showcase") / "output"
    return build_site(SHOWCASE, output, UNION_LOGO="images/logo.svg")  # the showcase has a logo
