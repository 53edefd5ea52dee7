"""Anonymous storytellers, and every place in the sources that names them.

`invoke check` and the build both run `check_sources` before anything is
written, so an organizer learns `path:line` and the field. The output gate
(gate.py) looks again at what was actually written, with the same matcher.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .consent import is_withdrawn, is_yes, kept_off_the_web, split_ids
from .names import Finding, NameMatcher, Storyteller, findings, name_parts
from .problems import Problems

NAME_KEYS = ("author", "authors")
ALLOW_KEY = "allow-name-words"


def storytellers(headers, register=None) -> list[Storyteller]:
    """The anonymous storytellers to guard: everyone in the register, each
    under the first story that names them by id (or their place in the
    register), and the names still written in anonymous stories' `Author:`
    (an error of its own, guarded all the same until it is migrated)."""
    found, stories_of = [], {}
    for display, header in headers:
        if not is_yes(header.get("anonymous")):
            continue
        teller_id = (header.get("storyteller") or "").strip()
        if teller_id:
            stories_of.setdefault(teller_id, []).append(display)
        parts = set()
        for key in NAME_KEYS:
            parts |= name_parts(header.get(key) or "")
        allowed = set()
        for word in split_ids(header.get(ALLOW_KEY)):
            allowed |= name_parts(word)
        if parts:
            found.append(
                Storyteller(display, frozenset(parts), frozenset(allowed & parts), (display, header.line(ALLOW_KEY)))
            )
    if register is not None and register.usable:
        for entry in register.entries.values():
            parts = set()
            for name in entry.names():
                parts |= name_parts(name)
            allowed = set()
            for word in entry.allow:
                allowed |= name_parts(word)
            source = (stories_of.get(entry.id) or [f"{entry.id} in {register.display}"])[0]
            found.append(
                Storyteller(source, frozenset(parts), frozenset(allowed & parts), (register.display, entry.line))
            )
    return found


def _report(problems: Problems, display: str, line: int, where: str, found: Finding):
    own = found.storyteller.source == display
    listed = f"`{found.parts[0]}`" if len(found.parts) == 1 else "that word"
    problems.error(
        display,
        line,
        f"{where} contains {found.words(own)}",
        "reword it so the storyteller cannot be recognised; if a word is also an ordinary word or "
        f"another person's name, list {listed} under `allow:` in the storyteller's register entry",
    )


def check_sources(
    matcher: NameMatcher, headers, root: Path, static_paths, problems: Problems, tellers_by_source: dict, extra_files=()
):
    """Every header field, body line and file name of the content, and the
    names of the static files and `extra_files` (facts.yml) line by line."""
    if not matcher:
        return
    for display, header in headers:
        own = tellers_by_source.get(display)
        for found in findings(matcher.find(display)):
            _report(problems, display, 1, "the file's name", found)
        for key, item in header.fields.items():
            if own is not None and key in NAME_KEYS + (ALLOW_KEY,):
                continue
            for found in findings(matcher.find(item.value, markdown=True)):
                _report(problems, display, item.line, f"`{item.key}`", found)
        for found in findings(matcher.find(header.body, markdown=True)):
            _report(problems, display, header.body_line + found.line - 1, "the text", found)
    for display in extra_files:
        path = root / display
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for found in findings(matcher.find(text)):
                _report(problems, display, found.line, "this file", found)
    for folder in static_paths:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            for name in dirnames + filenames:
                relative = (Path(dirpath) / name).relative_to(root).as_posix()
                for found in findings(matcher.find(name)):
                    _report(problems, relative, 1, "this file's name", found)


def acknowledgements(tellers, problems: Problems):
    """An allowed name word is never silent: `check` lists each one."""
    for teller in tellers:
        path, line = teller.origin
        if teller.allowed and teller.allowed == teller.parts:
            problems.error(
                path,
                line,
                "the allowed words are every word of the storyteller's name, so nothing of it is guarded any more",
                "allow only the words that are ordinary words here, never the whole name",
            )
        for word in sorted(teller.allowed):
            problems.warning(
                path,
                line,
                f"`{word}`, part of the name of the anonymous storyteller of {teller.source}, "
                "is allowed to appear on the site",
                "make sure it cannot identify them; remove it from the allowed words otherwise",
            )


def check_small_groups(headers, today, problems: Problems, story_types):
    """A small group identifies its members: the only anonymous story by a
    coordinator at one program points at one person, whatever its name.
    Groups are counted across every worker-story type (`story_types`)."""
    live = [
        (display, header) for _p, display, kind, header in headers if kind in story_types and _is_live(header, today)
    ]
    # Tellers by wording and by region, gathered once: comparing each story
    # with every other would grow with the square of the campaign.
    tellers_by_wording: dict[tuple[str, str], set] = {}
    tellers_by_region: dict[str, set] = {}
    for display, other in live:
        person = _person(display, other)
        wording = ((other.get("role") or "").lower(), (other.get("workplace") or "").lower())
        tellers_by_wording.setdefault(wording, set()).add(person)
        tellers_by_region.setdefault(_region(other), set()).add(person)
    group_sizes: dict[tuple[str, str], int] = {}
    for display, header in live:
        if not is_yes(header.get("anonymous")):
            continue
        role, workplace = header.get("role") or "", header.get("workplace") or ""
        # Broad wording covers narrower: "Social Worker" at "Harbor County DCFS"
        # shares its group with an "Emergency Response Social Worker" at
        # "Harbor County DCFS, Central Intake". A group counts people, not
        # stories: three stories by one teller are still a group of one.
        wording = (role.strip().lower(), workplace.strip().lower())
        if wording not in group_sizes:
            group_sizes[wording] = _group_size(wording, tellers_by_wording)
        if role and workplace and group_sizes[wording] == 1:
            problems.warning(
                display,
                header.line("workplace"),
                f"this anonymous story's teller is the only published storyteller working as {role} "
                f"at {workplace}: colleagues may recognise them",
                "broaden the Workplace (the county or program, not the office) or the Role",
            )
        region = _region(header)
        if region and len(tellers_by_region.get(region, ())) == 1:
            problems.warning(
                display,
                header.line("category"),
                f"this anonymous story's teller is the only published storyteller from {header.get('category')}",
                "use a broader region, or wait until other stories from there are published",
            )


def _group_size(wording: tuple[str, str], tellers_by_wording: dict) -> int:
    """How many tellers the wording covers, counted up to two (enough to know
    a teller is not alone)."""
    role, workplace = wording
    people: set = set()
    for (other_role, other_workplace), tellers in tellers_by_wording.items():
        if role in other_role and other_workplace.startswith(workplace):
            people |= tellers
            if len(people) > 1:
                break
    return len(people)


def _person(display: str, header) -> str:
    """Who told a story: their register id, their name, or (unknown) the story."""
    return (header.get("storyteller") or header.get("author") or display).strip().lower()


def _region(header) -> str:
    return (header.get("category") or "").strip().lower()


def _is_live(header, today) -> bool:
    status = (header.get("status") or "published").strip().lower()
    fields = {key: item.value for key, item in header.fields.items()}
    return status == "published" and not is_withdrawn(fields, today) and not kept_off_the_web(fields)


def tracked_files(folder: Path) -> tuple[Path, list[str]] | None:
    """The repository holding `folder`, and the files Git tracks in it."""
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        listed = subprocess.run(["git", "-C", top, "ls-files", "-z"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None  # not in a Git repository, or no git here
    return Path(top), [name for name in listed.decode("utf-8", "surrogateescape").split("\0") if name]


def check_names_in_files(matcher: NameMatcher, files, problems: Problems, allowed_paths=(), read=lambda relative: None):
    """Every register name in files Git keeps (tracked or staged): Git keeps a
    committed name forever, in every clone and fork."""
    for relative in files:
        if relative in allowed_paths:
            continue
        for found in findings(matcher.find(relative)):
            problems.error(
                relative,
                1,
                f"the name of this file, kept by Git, contains {found.words()}",
                'rename it before it is committed (git mv); if it already was, see "Removing a name '
                "from Git's history\" in docs/writing.md",
            )
        data = read(relative)
        if data is None:
            continue
        for found in findings(matcher.find(data.decode("utf-8", "replace"))):
            problems.error(
                relative,
                found.line,
                f"this file, kept by Git, contains {found.words()}",
                'remove it before it is committed; if it already was, see "Removing a name from '
                "Git's history\" in docs/writing.md",
            )
