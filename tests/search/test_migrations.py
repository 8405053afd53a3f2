"""The search migrations are self-contained: editing ``search/sql.py`` (the live SQL that
``rebuild_search_index`` uses) never changes what an old migration does on a fresh install."""

import ast
from pathlib import Path

import search.migrations

MIGRATIONS = Path(search.migrations.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""


def test_search_migrations_import_nothing_from_the_project():
    for path in sorted(MIGRATIONS.glob("0*.py")):
        for module in imported_modules(path):
            assert module.split(".")[0] in {"django", "__future__"}, (path.name, module)
