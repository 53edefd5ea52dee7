"""Where a setting was written: the file and line of its assignment, so a
problem in the settings points at the line to change instead of at line 1
of a file that may not even hold it (a union's settings can live in any
file that imports another)."""

from __future__ import annotations

import ast
import sys
import sysconfig
from pathlib import Path

FALLBACK = ("pelicanconf.py", 1)
_MISSING = object()


def _library_folders() -> list[Path]:
    paths = sysconfig.get_paths()
    folders = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    return [Path(folder).resolve() for folder in folders]


def _settings_modules(settings: dict) -> list[tuple[Path, set]]:
    """The loaded modules that hand a value to these settings, with the
    names they hold as the very objects Pelican was given (a module of the
    plugin may have a constant of the same name). Libraries are skipped. Outermost first: Pelican registers a settings module before
    running it, so the file a build names precedes the files it imports."""
    libraries = _library_folders()
    found = []
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not file or not file.endswith(".py"):
            continue
        path = Path(file).resolve()
        if any(path.is_relative_to(folder) for folder in libraries):
            continue
        names = {name for name in settings if name.isupper() and getattr(module, name, _MISSING) is settings[name]}
        if names:
            found.append((path, names))
    return found


class SettingsSource:
    """Reads each settings file once, when a problem first needs a line."""

    def __init__(self, settings: dict, root: Path | None = None):
        self._settings = settings
        self._root = Path(root or Path.cwd()).resolve()
        self._trees: list[tuple[Path, set, ast.Module]] | None = None

    def _files(self):
        if self._trees is None:
            self._trees = []
            for path, names in _settings_modules(self._settings):
                try:
                    self._trees.append((path, names, ast.parse(path.read_text(encoding="utf-8"))))
                except (OSError, SyntaxError, UnicodeDecodeError):
                    continue
        return self._trees

    def _display(self, path: Path) -> str:
        return path.relative_to(self._root).as_posix() if path.is_relative_to(self._root) else str(path)

    def where(self, name: str, *keys) -> tuple[str, int]:
        """The outermost file assigning `name` (an assignment there overrides
        any it imports), and the line of the deepest of `keys` written in it:
        `where("CAMPAIGN", "types", "stories", "home")`."""
        for path, names, tree in self._files():
            line = _assignment_line(tree, name, keys) if name in names else 0
            if line:
                return self._display(path), line
        return FALLBACK


def _assignment_line(tree: ast.Module, name: str, keys: tuple) -> int:
    """The line of the last top-level assignment to `name` (or to an item of
    it, `NAME["types"] = …`), narrowed to the deepest of `keys` it spells out."""
    best = 0
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            path = _target_keys(target, name)
            if path is None or list(keys[: len(path)]) != path:
                continue
            best = _key_line(value, keys[len(path) :]) or node.lineno
    return best


def _target_keys(target, name: str) -> list | None:
    """`NAME` is [], `NAME["a"]["b"]` is ["a", "b"], anything else None."""
    keys = []
    while isinstance(target, ast.Subscript):
        if not isinstance(target.slice, ast.Constant):
            return None
        keys.insert(0, target.slice.value)
        target = target.value
    return keys if isinstance(target, ast.Name) and target.id == name else None


def _key_line(value, keys: tuple) -> int:
    """The line of the deepest key of `keys` in a dict literal, 0 if none."""
    line = 0
    for key in keys:
        if not isinstance(value, ast.Dict):
            break
        for written, item in zip(value.keys, value.values, strict=True):
            if isinstance(written, ast.Constant) and written.value == key:
                line, value = written.lineno, item
                break
        else:
            break
    return line
