"""The plugin's shape: no import cycles (imports inside functions count), and
no module state that could outlive a build (no `global` rebinding)."""

import ast
from pathlib import Path

PLUGIN = Path(__file__).resolve().parent.parent / "plugins" / "campaign"


def imports_of(path: Path) -> set[str]:
    """The plugin modules `path` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("campaign."):
            found.add(node.module.split(".")[1])
    return {name for name in found if (PLUGIN / f"{name}.py").exists()}


def find_cycles(graph: dict) -> list[list[str]]:
    def cycle_from(start):
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for child in graph.get(node, ()):
                if child == start:
                    return trail + [child]
                if child not in trail:
                    stack.append((child, trail + [child]))
        return None

    return [c for c in (cycle_from(module) for module in graph) if c]


def test_no_import_cycles():
    graph = {path.stem: imports_of(path) for path in PLUGIN.glob("*.py") if path.stem != "__init__"}
    assert len(graph) > 10 and any(graph.values())
    assert find_cycles(graph) == []


def test_the_cycle_check_can_fail():
    assert find_cycles({"build": {"pages"}, "pages": {"images"}, "images": {"build"}, "facts": set()}) == [
        ["build", "pages", "images", "build"],
        ["pages", "images", "build", "pages"],
        ["images", "build", "pages", "images"],
    ]


def test_no_module_state_is_rebound():
    rebinding = [
        f"{path.name}:{node.lineno}"
        for path in PLUGIN.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Global)
    ]
    assert rebinding == []
