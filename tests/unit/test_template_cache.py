"""Compiled templates kept between builds are recompiled when the filters they
call change how they are called."""

from campaign.template_cache import TemplateBytecodeCache
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache, pass_context

# A variable, not a constant: Jinja would call the filter while compiling.
TEMPLATES = {"page.html": "{{ url|card }}"}


def plain_card(url):
    return f"card for {url}"


@pass_context
def card_with_context(context, url):
    return f"card for {url} on {context.get('page', '?')}"


def render(cache, card):
    environment = Environment(loader=DictLoader(TEMPLATES), bytecode_cache=cache)
    environment.filters["card"] = card
    return environment.get_template("page.html").render(page="home", url="x")


def test_a_filter_that_starts_taking_the_context_recompiles_the_cached_template(tmp_path):
    assert render(TemplateBytecodeCache(str(tmp_path)), plain_card) == "card for x"
    assert list(tmp_path.iterdir()), "the compiled template was not cached"
    assert render(TemplateBytecodeCache(str(tmp_path)), card_with_context) == "card for x on home"


def test_an_unchanged_environment_reuses_the_cached_template(tmp_path):
    render(TemplateBytecodeCache(str(tmp_path)), plain_card)
    (cached,) = tmp_path.iterdir()
    written = cached.stat().st_mtime_ns
    assert render(TemplateBytecodeCache(str(tmp_path)), plain_card) == "card for x"
    assert cached.stat().st_mtime_ns == written


def test_jinjas_own_cache_is_what_failed(tmp_path):
    """The case above, with Jinja's cache: the stale compiled call passes no context."""
    render(FileSystemBytecodeCache(str(tmp_path)), plain_card)
    try:
        render(FileSystemBytecodeCache(str(tmp_path)), card_with_context)
    except TypeError as error:
        assert "missing 1 required positional argument" in str(error)
    else:
        raise AssertionError("Jinja's own cache now notices the change: template_cache.py may go")
