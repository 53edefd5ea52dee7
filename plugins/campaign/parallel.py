"""Work shared with forked processes, for the parts of a cold build that
read every story: converting them (reading.py) and finding their codes
(markdown_ext.CodeFinder).

A worker is forked, so what it works with (the build's settings, its
Markdown extension, the registries) is its own without being pickled; only
its answers travel back, batch by batch, as plain data. multiprocessing
ends it with os._exit, so no exit step of the build (the privacy gate's)
ever runs in it."""

from __future__ import annotations

import multiprocessing
import os

BATCH = 25  # items per hand-off: big enough to pay for the pickling, small enough to balance
PARALLEL_FROM = 2 * BATCH  # fewer items are done faster in one process


def workers(settings: dict) -> int:
    """CAMPAIGN_WORKERS (1 turns the sharing off), else every core this process may use."""
    configured = os.environ.get("CAMPAIGN_WORKERS") or settings.get("CAMPAIGN_WORKERS")
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def share(keys: list, count: int) -> tuple[list[list], list[list[list]]]:
    """`keys` in batches: those this process keeps (batch 0, then every
    `count`-th), and each worker's. Kept and handed batches alternate, so
    work done in order meets a worker's batch about when it is ready."""
    batches = [keys[start : start + BATCH] for start in range(0, len(keys), BATCH)]
    return batches[::count], [batches[number::count] for number in range(1, count)]


class Worker:
    """A forked process applying `work` to each key of its batches in order,
    and the answers it has sent back. A key `work` fails on is answered None,
    so the build's own process does it again and reports the error itself."""

    def __init__(self, work, batches: list[list]):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, batches, send), daemon=True)
        self._process.start()
        send.close()
        self._answers: dict = {}

    def answer(self, key):
        while key not in self._answers:
            try:
                self._answers.update(self._receive.recv())
            except (EOFError, OSError):  # the worker died: the rest is done here
                return None
        return self._answers.pop(key)

    def close(self):
        self._receive.close()
        self._process.join(timeout=5)


def _run(work, batches: list[list], send):
    for batch in batches:
        answers = {}
        for key in batch:
            try:
                answers[key] = work(key)
            except Exception:  # noqa: BLE001 -- done again, and reported, by the build's process
                answers[key] = None
        send.send(answers)
    send.close()
