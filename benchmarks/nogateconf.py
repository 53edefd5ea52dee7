"""The benchmark's settings (benchconf.py) with the privacy gate stubbed out.

For the benchmark only: it measures what the gate costs by building the same
campaign with and without it. Never build a site to publish with this file.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "plugins"))
from benchconf import *  # noqa: E402,F403
from campaign import gate as _gate  # noqa: E402


def _no_scan(self, output):
    from campaign.problems import Problems

    return Problems(), []


_gate.Gate.scan = _no_scan
_gate.Gate.read_early = lambda self, path, output: None
