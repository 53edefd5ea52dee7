"""`invoke check`: every problem in a content folder, without building.

It runs exactly the checks a build runs (they live in validation.py), so a
folder that passes `check` does not fail the build on its content.
"""

from __future__ import annotations

from .build import check_theme_settings
from .campaign import load_campaign
from .problems import Problems
from .validation import markdown_files, validate_content


def check_content(settings: dict) -> Problems:
    campaign = load_campaign(settings)
    problems = validate_content(campaign)
    check_theme_settings(settings, problems)
    return problems


def count_files(settings: dict) -> int:
    from pathlib import Path

    root = Path(settings["PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    return len(markdown_files(root, folders))
