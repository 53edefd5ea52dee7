import pytest
from helpers import SAMPLE_CONTENT, build_site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The shipped sample campaign, built once with the development settings."""
    output = tmp_path_factory.mktemp("sample") / "output"
    return build_site(SAMPLE_CONTENT, output)
