"""AST checks of the house rules, as functions over source files, so that a test can run
them on the application (tests/test_architecture.py) and on a planted violation (which
they must catch)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

# Who may open or end a transaction: the kernel, the command line, and each block's
# background entry points (`app/<block>/jobs.py`). Everything else gets a session.
TRANSACTION_CALLS = ("unit_of_work", "end_transaction")


def module_of(path: Path, root: Path) -> str:
    """`app/webhooks/jobs.py` -> `app.webhooks.jobs` (root: the directory holding app/)."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def may_open_transactions(module: str) -> bool:
    parts = module.split(".")
    return (
        parts[:2] == ["app", "core"]
        or module in ("app.cli", "app.demo")
        or (len(parts) == 3 and parts[2] == "jobs")
    )


def transaction_calls(files: Iterable[tuple[str, str]]) -> list[str]:
    """`unit_of_work(...)` / `end_transaction(...)` calls (as a name or an attribute) in
    modules that may not make them. `files`: (module, source) pairs."""
    found = []
    for module, source in files:
        if may_open_transactions(module):
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in TRANSACTION_CALLS:
                found.append(f"{module}:{node.lineno} calls {name}()")
    return found


def cross_block_imports(files: Iterable[tuple[str, str]], blocks: set[str]) -> list[str]:
    """Imports of another block's modules other than its `service` (a block's public face)
    and its `errors` (what that service raises, which a caller's operations declare).
    `import app.x.models`, `from app.x.models import M`, `from app.x import models` and
    `from app.x.service import f` (allowed) are all seen."""
    found = []
    for module, source in files:
        parts = module.split(".")
        own = parts[1] if len(parts) > 1 and parts[0] == "app" and parts[1] in blocks else None
        if own is None:
            continue
        for node in ast.walk(ast.parse(source)):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                bits = target.split(".")
                if len(bits) < 3 or bits[0] != "app" or bits[1] not in blocks or bits[1] == own:
                    continue
                if bits[2] not in ("service", "errors"):
                    found.append(f"{module}:{node.lineno} imports {target}")
    return found


def code_overrides(files: Iterable[tuple[str, str]]) -> list[str]:
    """Errors made with a `code=` argument (`Conflict(..., code="x")`): every code is a class
    of its own (`core.errors.REGISTRY`), which the operations that raise it declare."""
    found = []
    for module, source in files:
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and any(k.arg == "code" for k in node.keywords)):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name[:1].isupper():  # a class: an error made with another code
                found.append(f"{module}:{node.lineno} makes {name}(code=...)")
    return found


def app_files(root: Path) -> list[tuple[str, str]]:
    """Every module under root/app, as (module, source)."""
    return [(module_of(p, root), p.read_text()) for p in sorted((root / "app").rglob("*.py"))]
