"""What `CodeFinder.find` found in each text, kept between builds.

Finding codes means reading a story with the site's whole Markdown, about a
millisecond a story; a preview rebuild after one edit would pay it for every
story. The answers are kept beside Pelican's content cache, keyed on the
text itself and on everything else they depend on (the known fact and
petition ids, the Markdown settings, the code that reads them), so a stale
answer can never be used: a changed key simply misses.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

CODE = ("codes.py", "markdown_ext.py", "code_memo.py")
FILE_NAME = "codes-memo.pickle"  # not "campaign-*": cache.py removes those it does not use


def fingerprint(facts, petitions, markdown_settings) -> bytes:
    digest = hashlib.sha256()
    digest.update(repr((sorted(facts), sorted(getattr(facts, "broken", ())), sorted(petitions))).encode())
    digest.update(repr(sorted((markdown_settings or {}).get("extension_configs", {}).items())).encode())
    digest.update(repr([str(e) for e in (markdown_settings or {}).get("extensions", [])]).encode())
    for name in CODE:
        digest.update((Path(__file__).with_name(name)).read_bytes())
    return digest.digest()


class CodeMemo:
    """One build's view of the kept answers: those it used are written back."""

    def __init__(self, folder: Path | None, context: bytes):
        self.path = folder / FILE_NAME if folder is not None else None
        self.context = context
        self.kept: dict = {}
        self.used: dict = {}
        if self.path is not None and self.path.is_file():
            try:
                with self.path.open("rb") as source:
                    stored = pickle.load(source)
                if stored.get("context") == context:
                    self.kept = stored.get("answers", {})
            except Exception:  # noqa: BLE001 - a damaged memo is only a slower build
                self.kept = {}

    @staticmethod
    def key(text: str, first_line: int) -> bytes:
        return hashlib.sha256(f"{first_line}\0{text}".encode()).digest()

    def get(self, key: bytes):
        answer = self.kept.get(key)
        if answer is not None:
            self.used[key] = answer
        return answer

    def put(self, key: bytes, answer):
        self.used[key] = answer

    def save(self):
        if self.path is None or self.used == self.kept:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".codes-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump({"context": self.context, "answers": self.used}, out)
        os.replace(temporary, self.path)
