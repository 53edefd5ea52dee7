"""The organizers' side of the storyteller register: adding a teller,
moving real names out of old stories, keys and encryption, and keeping
names out of Git. `invoke storytellers ...`, `invoke new`, `invoke check`
and the pre-commit hook call these."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import yaml
from campaign import storyteller_register as reg
from campaign.consent import is_yes, split_ids
from campaign.dates import as_date, parse_date
from campaign.frontmatter import read_header
from campaign.names import findings, fold
from campaign.privacy import check_names_in_files, tracked_files
from campaign.problems import Problems

NEW_REGISTER_HEADER = (
    "# The storyteller register: the real people behind anonymous stories.\n"
    "# Private. Never commit it, never paste from it into a story. See docs/writing.md.\n\n"
)
MOVED_KEYS = ("consent", "consent-scope", "consent-expires", "allow-name-words", "authors")


class RegisterError(Exception):
    """The register cannot be written: the message says why and what to do."""


def writable(path: Path) -> str:
    """The register's text, ready to be added to; never the sample's example."""
    if not path.exists():
        return NEW_REGISTER_HEADER
    try:
        text = reg.read_text(path)
    except reg.RegisterLocked as error:
        raise RegisterError(str(error)) from None
    if text.lstrip().lower().startswith(reg.EXAMPLE_MARKER):
        raise RegisterError(
            f"{path} is the sample campaign's example register, kept in Git: real names must never go there. "
            "Set CAMPAIGN_REGISTER (or `register` in CAMPAIGN) to your own private register, "
            f"such as {reg.DEFAULT_PATH}."
        )
    return text


def next_id(text: str, taken=()) -> str:
    numbers = [int(n) for n in re.findall(r"^st-(\d+):", text, re.M)]
    numbers += [int(t[3:]) for t in taken if re.fullmatch(r"st-\d+", t)]
    return f"st-{max(numbers, default=0) + 1:04d}"


def entry_text(teller_id: str, name: str, consent=None, scope=("web", "feed", "print"), expires=None, allow=()) -> str:
    fields = {
        "name": name,
        "also_known_as": [],
        "contact": "",
        "consent": consent,
        "scope": list(scope),
        "expires": expires,
        "allow": list(allow),
        "consent_record": "",
    }
    return yaml.safe_dump({teller_id: fields}, sort_keys=False, allow_unicode=True, default_flow_style=None) + "\n"


def add_storyteller(path: Path, name: str) -> tuple[str, bool]:
    """The register id for `name`: their entry if they are already in the
    register (one person, one entry, one set of variants), else a new entry
    with consent still empty. Also whether the entry is new."""
    text = writable(path)
    if path.exists():
        known = reg.load_register(path, str(path), Problems())
        for entry in known.entries.values():
            if fold(" ".join(entry.name.split())) == fold(name):
                return entry.id, False
    teller_id = next_id(text)
    reg.write_text(path, text.rstrip("\n") + "\n\n" + entry_text(teller_id, name, consent=None))
    return teller_id, True


# --- migrate ---------------------------------------------------------------


def _date(value: str | None):
    if not value:
        return None
    parsed = parse_date(value)
    return as_date(parsed) if parsed else value.strip()  # kept as written; check reports it in the register


def migrate(content: Path, path: Path, say=print) -> list[tuple[str, str, str]]:
    """Move the real names of anonymous stories into the register; returns
    (story, id, name) for each story changed. The register is written first,
    so a name is never lost; each story is then replaced whole."""
    text = writable(path)
    stories = []
    for story in sorted(content.rglob("*.md")):
        header = read_header(story)
        name = header.get("author") or header.get("authors")
        if is_yes(header.get("anonymous")) and name and not header.unreadable:
            stories.append((story, header, name.strip()))
    if not stories:
        return []
    # One entry per storyteller and consent: a story they agreed to on
    # other terms (a narrower scope, say) keeps those terms in an entry of
    # its own, never the terms of their other story.
    known = {}
    existing = reg.load_register(path, str(path), Problems()) if path.exists() else None
    if existing is not None and existing.usable:
        known = {(entry.name, *_terms_of_entry(entry)): entry.id for entry in existing.entries.values()}
    moved, added = [], []
    for story, header, name in stories:
        terms = _terms_of_story(header)
        teller_id = known.get((name, *terms))
        if teller_id is None:
            teller_id = known[(name, *terms)] = next_id(text + "".join(added))
            consent, scope, expires = terms
            added.append(
                entry_text(
                    teller_id,
                    name,
                    consent=consent,
                    scope=scope,
                    expires=expires,
                    allow=split_ids(header.get("allow-name-words")),
                )
            )
        moved.append((story, header, teller_id, name))
    reg.write_text(path, text.rstrip("\n") + "\n\n" + "".join(added))
    for story, header, teller_id, _name in moved:
        lines = story.read_text(encoding="utf-8").split("\n")
        drop = {header.fields[key].line for key in MOVED_KEYS if key in header.fields}
        author_line = header.fields["author"].line if "author" in header.fields else header.fields["authors"].line
        lines[author_line - 1] = f"Storyteller: {teller_id}"
        rewritten = [line for number, line in enumerate(lines, 1) if number not in drop or number == author_line]
        temporary = story.with_name(story.name + ".tmp")
        temporary.write_text("\n".join(rewritten), encoding="utf-8")
        os.replace(temporary, story)
    return [(str(story.relative_to(content)), teller_id, name) for story, _h, teller_id, name in moved]


def _terms_of_story(header) -> tuple:
    scope = tuple(sorted(split_ids((header.get("consent-scope") or "web, feed, print").lower())))
    return _date(header.get("consent")), scope, _date(header.get("consent-expires"))


def _terms_of_entry(entry) -> tuple:
    return entry.consent, tuple(sorted(entry.scope or ("feed", "print", "web"))), entry.expires


def purge_instructions(moved, path: Path) -> str:
    """How to take the old names out of Git's history; never done here. The
    list keeps the names of earlier migrations: history still holds them."""
    replacements = path.parent / "names-to-purge.txt"
    earlier = replacements.read_text(encoding="utf-8").splitlines() if replacements.exists() else []
    lines = sorted(set(earlier) | {f"literal:{name}==>[removed]" for _story, _id, name in moved})
    replacements.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.chmod(replacements, 0o600)
    return (
        "The names are out of the stories, but Git's history still holds them.\n"
        "To remove them from history (this rewrites every commit; agree on it with everyone who has a copy):\n"
        "  1. pip install git-filter-repo\n"
        f"  2. git filter-repo --replace-text {replacements}\n"
        "  3. git push --force --all && git push --force --tags\n"
        "  4. Ask everyone with a clone to clone again; ask the host to remove forks and cached views.\n"
        f"Then delete {replacements}: it lists the names."
    )


# --- keeping names out of Git ---------------------------------------------


def register_files_allowed(campaign, top: Path) -> set[str]:
    """The one register Git may keep: the sample's, where every name is made up."""
    found = campaign.register
    if found is None or not found.example:
        return set()
    try:
        return {found.path.resolve().relative_to(top.resolve()).as_posix()}
    except ValueError:
        return set()


def names_in_git(campaign, staged: bool = False) -> Problems:
    """Register names in the files Git tracks, or in the files staged for the
    next commit (read from the index, as they will be committed)."""
    problems = Problems()
    listed = tracked_files(campaign.content_root)
    if listed is None:
        return problems
    top, files = listed
    found = campaign.register
    if found is not None and not found.example:
        try:
            inside = found.path.resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            inside = None
        if inside in files:
            problems.error(
                inside,
                1,
                "the storyteller register is tracked by Git",
                f"run `git rm --cached {inside}`, keep it in private/ (ignored by Git), and see "
                '"Removing a name from Git\'s history" in docs/writing.md',
            )
    if staged:
        files = (
            subprocess.run(
                ["git", "-C", str(top), "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"],
                capture_output=True,
                check=True,
            )
            .stdout.decode("utf-8", "surrogateescape")
            .split("\0")
        )

        def read(relative):
            shown = subprocess.run(["git", "-C", str(top), "show", f":{relative}"], capture_output=True)
            return shown.stdout if shown.returncode == 0 else None
    else:
        # What a union writes: its content, its theme and its settings at the
        # top. The project's own code, tests and guide are not its to edit;
        # the pre-commit hook reads whatever is staged, wherever it is.
        scopes = [_inside(campaign.content_root, top), _inside(Path(campaign.settings.get("THEME") or ""), top)]
        files = [f for f in files if "/" not in f or any(scope and f.startswith(scope + "/") for scope in scopes)]

        def read(relative):
            path = top / relative
            return path.read_bytes() if path.is_file() and not path.is_symlink() else None

    check_names_in_files(
        campaign.name_matcher, [f for f in files if f], problems, register_files_allowed(campaign, top), read
    )
    return problems


def _inside(folder: Path, top: Path) -> str | None:
    try:
        return folder.resolve().relative_to(top.resolve()).as_posix()
    except (ValueError, OSError):
        return None


def names_in_message(campaign, message: str) -> Problems:
    """A commit message is kept by Git as long as the commit."""
    problems = Problems()
    for found in findings(campaign.name_matcher.find(message)):
        problems.error(
            "commit message",
            found.line,
            f"contains {found.words()}",
            "say what changed without naming them",
        )
    return problems


HOOKS = {
    # What is staged: every file's content and name, read as it will be committed.
    "pre-commit": "check-names --staged",
    # The message, which Git keeps as long as the commit.
    "commit-msg": 'check-names --message "$1"',
}
HOOK = """#!/bin/sh
# Installed by `invoke install-hooks`: stops a commit that would put an
# anonymous storyteller's real name into Git, which keeps it forever.
exec {python} -m invoke --search-root {tasks} {command} --content "$(git rev-parse --show-toplevel)/content"
"""


def install_hook(repository: Path, python: str, tasks: Path) -> list[Path]:
    """The pre-commit and commit-msg hooks of `repository`, running the project's `tasks.py`."""
    hooks = subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "--git-path", "hooks"], capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = (repository / hooks) if not os.path.isabs(hooks) else Path(hooks)
    written = []
    for name, command in HOOKS.items():
        hook = folder / name
        if hook.exists() and "invoke install-hooks" not in hook.read_text(errors="replace"):
            raise RegisterError(f"{hook} exists and is not ours: add `invoke {command}` to it yourself")
    for name, command in HOOKS.items():
        hook = folder / name
        hook.parent.mkdir(parents=True, exist_ok=True)
        hook.write_text(HOOK.format(python=shlex.quote(python), tasks=shlex.quote(str(tasks)), command=command))
        os.chmod(hook, 0o755)
        written.append(hook)
    return written
