"""Edited content files checked again alone, against what the last whole
check kept (validation.SourceCheck).

A live preview keeps its build's Campaign between edits. When a story is
saved, only that story is read and checked again; what needs every file
(two files at one address or with one Id, a storyteller alone in a small
group) is worked out again from what is kept, without reading the others.
When an edit changes what every other file's check depends on (which files
are drafts or kept off the website, who is anonymous, whose names are
guarded), a partial check could miss a problem in another file, so
`recheck` answers None and the whole content is checked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import privacy
from .frontmatter import read_header
from .problems import Problems
from .validation import (
    across_files,
    check_file,
    check_names_in,
    is_anonymous,
    small_groups,
    unpublished_sources,
    use_register_entry,
)

# What privacy.check_small_groups reads of a story: a change to anything
# else leaves its warnings as they were.
GROUP_KEYS = ("role", "workplace", "category", "status", "anonymous", "storyteller", "author", "withdrawn")
GROUP_KEYS += ("consent-scope", "consent-expires")


@dataclass
class Rechecked:
    problems: Problems  # the whole campaign's, as a whole check would find them
    edited: Problems  # those of the edited files alone


def recheck(campaign, paths) -> Rechecked | None:
    """The campaign's problems once the content files at `paths` changed, or
    None when only checking everything again can tell."""
    check = campaign.source_check
    if check is None:
        return None
    root = campaign.content_root
    entries = dict(check.entries)
    edited = {}
    for path in paths:
        path = Path(path)
        try:
            display = path.resolve().relative_to(root).as_posix()
        except ValueError:
            return None
        if display not in entries or not path.is_file():
            return None  # a new file or a removed one
        old = entries[display]
        header = read_header(path)
        if is_anonymous(header) != is_anonymous(old[3]):
            return None
        entries[display] = (path, display, old[2], header)
        edited[display] = Problems()
        use_register_entry(campaign, display, header, edited[display])
    if unpublished_sources(entries.values()) != check.unpublished:
        return None
    named = [(display, header) for _path, display, _kind, header in entries.values()]
    if privacy.storytellers(named + check.petitions, campaign.register) != check.tellers:
        return None

    derived = {id(p) for found in check.files.values() for p in found.problems}
    derived |= {id(p) for p in check.cross} | {id(p) for p in check.groups}
    kept = [p for p in campaign.problems if id(p) not in derived]
    regroup = False
    for display, problems in edited.items():
        entry = entries[display]
        found = check_file(campaign, entry, check.unpublished, problems)
        check_names_in(campaign, display, entry[3], problems)
        old = check.entries[display][3]
        regroup |= any(old.get(key) != entry[3].get(key) for key in GROUP_KEYS)
        check.entries[display] = entry
        check.files[display] = found
    check.cross = across_files(campaign, check)
    if regroup:
        check.groups = small_groups(campaign, check)
    campaign.problems[:] = kept
    for found in check.files.values():
        campaign.problems.extend(found.problems)
    campaign.problems.extend(check.cross)
    campaign.problems.extend(check.groups)
    own = Problems(p for p in campaign.problems if p.path in edited)
    return Rechecked(campaign.problems, own)
