"""Arrows point inward: the core imports nothing from the outer layers."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
OUTER_LIBS = ("PySide6", "sqlalchemy", "openpyxl", "reportlab", "alembic", "psycopg", "pyhanko", "pypdf")
RULES = {
    # layer: what it may not import
    "domain": OUTER_LIBS + ("thidua.services", "thidua.storage", "thidua.documents", "thidua.ui", "thidua.cli",
                            "thidua.wording"),
    "services": OUTER_LIBS + ("thidua.storage", "thidua.documents", "thidua.ui", "thidua.cli"),
    "storage": ("PySide6", "openpyxl", "reportlab", "thidua.documents", "thidua.ui", "thidua.cli"),
    "documents": ("PySide6", "sqlalchemy", "thidua.storage", "thidua.ui", "thidua.cli"),
}


def imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = "thidua." + ".".join(path.relative_to(SRC).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield ".".join(base + ([node.module] if node.module else []))
            elif node.module:
                yield node.module


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_does_not_import_outward(layer):
    offenders = []
    for path in (SRC / layer).rglob("*.py"):
        for name in imports(path):
            if any(name == banned or name.startswith(banned + ".") for banned in RULES[layer]):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []


def test_nothing_imports_the_ui():
    offenders = [f"{p.relative_to(SRC)} imports {n}" for p in SRC.rglob("*.py")
                 if p.relative_to(SRC).parts[:1] != ("ui",) and p.relative_to(SRC) != Path("cli/app.py")
                 for n in imports(p) if n.startswith("thidua.ui")]
    assert offenders == []


def test_every_module_says_what_it_is_for():
    missing = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
               if "migrations" not in p.parts and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []
