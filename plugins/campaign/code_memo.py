"""What `CodeFinder.find` found in each text, kept between builds.

Finding codes means reading a story with the site's whole Markdown, about a
millisecond a story; a preview rebuild after one edit would pay it for every
story. The answers are kept beside Pelican's content cache, keyed on the
text itself and on everything else they depend on (the known fact and
petition ids, the Markdown settings, the code that reads them).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .memo import Memo

CODE = ("codes.py", "markdown_ext.py", "code_memo.py", "memo.py")
FILE_NAME = "codes-memo.pickle"  # not "campaign-*": cache.py removes those it does not use


def fingerprint(facts, petitions, markdown_settings) -> bytes:
    digest = hashlib.sha256()
    digest.update(repr((sorted(facts), sorted(getattr(facts, "broken", ())), sorted(petitions))).encode())
    digest.update(repr(sorted((markdown_settings or {}).get("extension_configs", {}).items())).encode())
    digest.update(repr([str(e) for e in (markdown_settings or {}).get("extensions", [])]).encode())
    for name in CODE:
        digest.update((Path(__file__).with_name(name)).read_bytes())
    return digest.digest()


class CodeMemo(Memo):
    def __init__(self, folder: Path | None, context: bytes):
        super().__init__(folder, FILE_NAME, context)

    @staticmethod
    def key(text: str, first_line: int) -> bytes:
        return Memo.key_of(str(first_line), text)
