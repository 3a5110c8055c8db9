"""The ground floor (accounts, common, documents, formats) imports no feature app.

Feature apps build on it; an import the other way makes cycles and lets a shared helper
grow a dependency on one feature (the style guide's "stop doing" list).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "atout"
GROUND = ["accounts", "common", "documents", "formats"]
FEATURES = {
    "participants",
    "passports",
    "competencies",
    "evidence",
    "privacy",
    "demo",
    "cards",
    "letters",
    "resumes",
    "portfolios",
    "sharing",
    "territories",
    "measures",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("app", GROUND)
def test_ground_floor_imports_no_feature_app(app):
    upward = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for name in sorted(_imports(path))
        if name.startswith("atout.") and name.split(".")[1] in FEATURES
    ]
    assert not upward, "\n".join(upward)
