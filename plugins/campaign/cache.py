"""Pelican's content cache, made safe for a campaign's rendered HTML."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .campaign import Campaign

logger = logging.getLogger(__name__)

# Present while Pelican may be writing the cache: its pickles are written in
# place, so a build stopped mid-write (Ctrl+C, a crash, memory running out)
# leaves a truncated file that every later build fails to load, with a
# traceback, until someone finds and deletes it.
SAVING = ".saving"

CODE_THAT_RENDERS = ("markdown_ext.py", "render.py", "sanitize.py", "i18n.py", "dates.py", "facts.py", "petitions.py")


def use_campaign_cache(settings: dict, campaign: Campaign):
    """Pelican's content cache keeps each file's rendered HTML until the file
    changes, but our HTML also depends on facts.yml, the petitions, the build
    date (a deadline passes), the catalogs of words and the plugin itself. Their fingerprint names
    the cache folder, so any change to them starts a fresh cache."""
    if not settings.get("CACHE_CONTENT"):
        return
    base = Path(settings.setdefault("CAMPAIGN_CACHE_BASE", settings["CACHE_PATH"]))
    digest = hashlib.sha256()
    digest.update(campaign.today.isoformat().encode())
    digest.update(repr(sorted(settings.get("MARKDOWN", {}).get("extension_configs", {}).items())).encode())
    sources = [campaign.content_root / campaign.options["facts_file"]]
    sources += sorted((campaign.content_root / campaign.options["petitions_dir"]).glob("*.md"))
    sources += [Path(__file__).with_name(name) for name in CODE_THAT_RENDERS]
    sources += campaign.catalogs.files()  # a reworded message changes every story that prints it
    for source in sources:
        if source.exists():
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    folder = base / f"campaign-{digest.hexdigest()[:16]}"
    if base.is_dir():
        for stale in base.glob("campaign-*"):
            if stale != folder:
                shutil.rmtree(stale, ignore_errors=True)
    if (folder / SAVING).exists():
        logger.warning("The content cache was left half-written by a build that stopped; starting a fresh one.")
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SAVING).touch()
    settings["CACHE_PATH"] = str(folder)


def cache_saved(settings: dict):
    """Every generator has read its content and saved its cache
    (all_generators_finalized): what it wrote is whole."""
    if settings.get("CACHE_CONTENT"):
        (Path(settings["CACHE_PATH"]) / SAVING).unlink(missing_ok=True)
