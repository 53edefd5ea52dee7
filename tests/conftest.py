import pytest
from helpers import SHOWCASE, build_site


@pytest.fixture(scope="session")
def showcase_site(tmp_path_factory):
    """tests/fixtures/showcase (one of every page type), built once with the
    development settings."""
    output = tmp_path_factory.mktemp("showcase") / "output"
    return build_site(SHOWCASE, output)
