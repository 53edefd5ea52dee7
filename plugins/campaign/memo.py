"""Answers kept between builds in one pickle, keyed on everything they
depend on, so a stale answer can never be used: a changed key simply misses.
A build writes back only the answers it used, so the file never grows with
stories long gone."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path


class Memo:
    """One build's view of the answers kept in `folder / file_name` under
    `context` (what every answer depends on besides its key)."""

    def __init__(self, folder: Path | None, file_name: str, context: bytes):
        self.path = Path(folder) / file_name if folder is not None else None
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
    def key_of(*parts: str) -> bytes:
        return hashlib.sha256("\0".join(parts).encode()).digest()

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
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".memo-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump({"context": self.context, "answers": self.used}, out)
        os.replace(temporary, self.path)
