"""Compiled templates kept on disk between builds, keyed by what compiled them."""

from __future__ import annotations

import hashlib

from jinja2 import FileSystemBytecodeCache
from jinja2.utils import _PassArg


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's own cache checks only a template's source, but the compiled
    code also depends on the environment: whether each filter and test is
    given the page's context is decided when compiling. A template cached
    before a filter started taking the context would then call it with one
    argument too few, so the environment's fingerprint joins the checksum
    and any change to it recompiles."""

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, name, filename, source + "\0" + fingerprint(environment))


def fingerprint(environment) -> str:
    """What the compiler reads from the environment besides the source."""
    parts = [
        sorted((name, repr(_PassArg.from_obj(function))) for name, function in environment.filters.items()),
        sorted((name, repr(_PassArg.from_obj(function))) for name, function in environment.tests.items()),
        sorted(environment.extensions),
        [
            getattr(environment, option, None)
            for option in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "optimized")
        ],
        repr(environment.autoescape),
        repr(getattr(environment, "newstyle_gettext", None)),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()
