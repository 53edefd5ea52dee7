"""The output folder is deleted and rewritten by every build, so it must be a
folder of its own. `pelican CONTENT -o DIR` reaches this check through the
plugin before Pelican deletes anything, as `invoke publish` does."""

from __future__ import annotations

from pathlib import Path

# Files that mark a folder as somebody's work rather than a built site.
PROJECT_MARKERS = (".git", ".hg", ".svn", "pelicanconf.py", "publishconf.py", "tasks.py", "pyproject.toml")


def output_folder_problem(output: Path, content: Path, protected: dict | None = None) -> str | None:
    """Why `output` must not be built into, or None. `protected` maps other
    folders (the project, the theme, the plugins) to what they are."""
    output, content = Path(output).resolve(), Path(content).resolve()
    home = Path.home().resolve()
    if output == Path(output.anchor):
        return f"the output folder {output} is the root of the disk"
    if output == home:
        return f"the output folder {output} is your home folder"
    if home.is_relative_to(output):
        return f"the output folder {output} contains your home folder"
    if output == content:
        return f"the output folder {output} is the content folder"
    if content.is_relative_to(output):
        return f"the output folder {output} contains the content folder"
    if output.is_relative_to(content):
        return f"the output folder {output} is inside the content folder"
    for folder, name in (protected or {}).items():
        folder = Path(folder).resolve()
        if output == folder:
            return f"the output folder {output} is {name}"
        if folder.is_relative_to(output):
            return f"the output folder {output} contains {name} ({folder})"
        if name in INSIDE_FORBIDDEN and output.is_relative_to(folder):
            return f"the output folder {output} is inside {name} ({folder})"
    for marker in PROJECT_MARKERS:
        if (output / marker).exists():
            return f"the output folder {output} holds `{marker}`: it is a project, not a built site"
    foreign = not_a_built_site(output)
    if foreign:
        return (
            f"the output folder {output} holds {foreign}, which no build writes: "
            "it is somebody's work (docs/, tests/...), not a built site"
        )
    return None


# A build writes pages, feeds, styles and pictures, never these. A folder that
# holds one (`docs/writing.md`, `tests/test_x.py`) is not an output folder.
SOURCE_SUFFIXES = {
    ".md",
    ".markdown",
    ".rst",
    ".py",
    ".yml",
    ".yaml",
    ".toml",
    ".cfg",
    ".ini",
    ".j2",
    ".jinja",
    ".txt~",
    ".docx",
    ".odt",
    ".pdf",
    ".sh",
    ".lock",
}
INSIDE_FORBIDDEN = {"the theme", "the plugins"}


def not_a_built_site(output: Path) -> str | None:
    """The first file in `output` that a build never writes, or None."""
    if not output.is_dir():
        return None
    for path in output.rglob("*"):
        if path.suffix.lower() in SOURCE_SUFFIXES and not path.is_dir():
            return f"`{path.relative_to(output)}`"
    return None


def protected_folders(settings: dict, cwd: Path) -> dict:
    """The folders a build of these settings must never delete."""
    folders = {cwd: "the folder the build was started from"}
    theme = settings.get("THEME")
    if theme and Path(theme).is_dir():
        folders[Path(theme)] = "the theme"
    for plugin_path in settings.get("PLUGIN_PATHS") or ():
        folders[Path(plugin_path)] = "the plugins"
    return folders
