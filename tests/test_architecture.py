"""The house rules, checked: layering, one clock, tenancy on every table, a well-formed spec."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.db import TenantScoped
from app.models import Base
from tests import architecture

APP = Path(__file__).resolve().parent.parent / "app"
PLANTED = Path(__file__).resolve().parent / "fixtures" / "arch_violations"
SNAKE_VERB_NOUN = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
# `tenancy.find_credential`: API keys, OAuth clients and tokens, signing links
SKIP_FILTER_ALLOWED = {"app/core/tenancy.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
    return names


def test_routes_import_no_session_or_sql() -> None:
    for path in APP.rglob("routes.py"):
        bad = {n for n in _imports(path) if n.startswith(("sqlalchemy", "app.core.db"))}
        bad |= {n for n in _imports(path) if n.endswith(".models") or ".models." in n}
        assert not bad, f"{path.relative_to(APP.parent)} imports {sorted(bad)}"


def test_core_imports_no_block() -> None:
    blocks = {p.name for p in APP.iterdir() if p.is_dir() and p.name not in ("core", "__pycache__")}
    for path in (APP / "core").rglob("*.py"):
        bad = {n for n in _imports(path) if n.split(".")[:2][-1] in blocks and n.startswith("app.")}
        assert not bad, f"{path.name} imports {sorted(bad)}"


BLOCKS = {p.name for p in APP.iterdir() if p.is_dir() and p.name not in ("core", "__pycache__")}
# The two request paths that must hold nothing while they wait, each for its reason:
TRANSACTIONS_ALLOWED = {
    # the hosted signing pages (HTML) are a request pipeline of their own, like operation.py
    "app.signing.pages",
    # ...and so is the admin console's (`@page`), and its `gigkit admin` command is the CLI's
    "app.console.pages",
    "app.console.cli",
    # the reconciliation report asks the provider in the middle of a GET: it ends its
    # read-only transaction first (on SQLite, BEGIN IMMEDIATE would block the sandbox)
    "app.payouts.reconciliation",
}


def test_only_the_kernel_the_cli_and_job_modules_open_transactions() -> None:
    found = architecture.transaction_calls(architecture.app_files(APP.parent))
    unexpected = [f for f in found if f.split(":")[0] not in TRANSACTIONS_ALLOWED]
    assert not unexpected, "\n".join(unexpected)


def test_blocks_import_each_other_only_through_service() -> None:
    found = architecture.cross_block_imports(architecture.app_files(APP.parent), BLOCKS)
    assert not found, "\n".join(found)


def test_the_checks_catch_planted_violations(tmp_path: Path) -> None:
    """The two checks above, on a fixture package that breaks each rule once."""
    block = tmp_path / "app" / "pay"
    block.mkdir(parents=True)
    (tmp_path / "app" / "core").mkdir()
    (block / "service.py").write_text(
        "from app.core.db import end_transaction\n"
        "from app.ship import models\n"  # another block's models
        "import app.ship.routes\n"
        "from app.ship.service import ship\n"  # allowed
        "from app.ship.errors import Lost\n"  # allowed: what ship's service raises
        "def pay(database, session):\n"
        "    with database.unit_of_work(tenant_id='t') as s:\n"
        "        end_transaction(session)\n"
    )
    (block / "jobs.py").write_text(
        "def run(database):\n    with database.unit_of_work() as s:\n        pass\n"
    )
    (tmp_path / "app" / "core" / "db.py").write_text("def f(d):\n    d.unit_of_work()\n")
    files = architecture.app_files(tmp_path)
    assert architecture.transaction_calls(files) == [
        "app.pay.service:7 calls unit_of_work()",
        "app.pay.service:8 calls end_transaction()",
    ]
    assert architecture.cross_block_imports(files, {"pay", "ship"}) == [
        "app.pay.service:2 imports app.ship.models",
        "app.pay.service:3 imports app.ship.routes",
    ]


def test_every_code_is_raised_as_its_own_class(tmp_path: Path) -> None:
    assert architecture.code_overrides(architecture.app_files(APP.parent)) == []
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "planted.py").write_text(
        "from app.core.errors import Conflict\n"
        "def f():\n"
        "    raise Conflict('taken')\n"  # fine
        "def g():\n"
        "    raise Conflict('taken', code='already_taken')\n"
        "def h(errors):\n"
        "    return errors.Conflict(code='already_taken'), render(code='fine')\n"
    )
    planted = architecture.app_files(tmp_path)
    assert architecture.code_overrides(planted) == [
        "app.planted:5 makes Conflict(code=...)",
        "app.planted:7 makes Conflict(code=...)",
    ]
    from app.core.errors import Conflict

    with pytest.raises(TypeError, match="own class"):  # and at run time, before rendering
        Conflict("taken", code="already_taken")


def test_services_never_commit() -> None:
    for path in APP.rglob("*.py"):
        if path.name in ("db.py",):
            continue
        assert ".commit()" not in path.read_text(), path


def test_tenant_filter_bypass_only_in_credential_lookups() -> None:
    users = {
        str(p.relative_to(APP.parent))
        for p in APP.rglob("*.py")
        if "skip_tenant_filter=True" in p.read_text() or "skip_tenant_filter=not" in p.read_text()
    }
    assert users <= SKIP_FILTER_ALLOWED


# --- one clock -------------------------------------------------------------------------------

CLOCK_MODULE = "app/core/time.py"  # the one place that may ask the system for the time
CLOCK_ALLOWED: set[str] = set()  # "path:line" exceptions; keep it empty
_NOW_METHODS = {"now", "utcnow", "today"}  # on datetime / date
_WALL_CLOCK = {"time", "time_ns"}  # time.time(): the wall clock (monotonic timers are fine)
_NOW_IF_NO_ARGS = {"localtime", "gmtime", "ctime", "asctime"}
_SQL_NOW = {"now", "current_timestamp", "current_date", "current_time", "localtimestamp"}


class _ClockReads(ast.NodeVisitor):
    """Finds the ways a module can read the time without `core/time.py`: `datetime.now()`,
    `utcnow` (called, or passed as a column default), `date.today()`, `time.time()` and the
    like, SQL's `func.now()`; through whatever names the module imported them under."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.datetime_modules: set[str] = set()  # import datetime [as dt]
        self.datetime_classes: set[str] = set()  # from datetime import datetime, date [as x]
        self.time_modules: set[str] = set()  # import time [as t]
        self.wall_clocks: set[str] = set()  # from time import time [as x]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            bound = alias.asname or alias.name
            if alias.name == "datetime":
                self.datetime_modules.add(bound)
            elif alias.name == "time":
                self.time_modules.add(bound)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if node.module == "datetime" and alias.name in ("datetime", "date"):
                self.datetime_classes.add(alias.asname or alias.name)
            elif node.module == "time" and alias.name in _WALL_CLOCK:
                self.found.append((node.lineno, f"from time import {alias.name}"))
                self.wall_clocks.add(alias.asname or alias.name)
            elif alias.name == "utcnow":
                self.found.append((node.lineno, f"from {node.module} import utcnow"))

    def _is_datetime_class(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.datetime_classes
        return (
            isinstance(node, ast.Attribute)
            and node.attr in ("datetime", "date")
            and isinstance(node.value, ast.Name)
            and node.value.id in self.datetime_modules
        )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "utcnow":  # called or not: `default=utcnow` reads the clock as well
            self.found.append((node.lineno, f"{ast.unparse(node)}"))
        elif node.attr in _NOW_METHODS and self._is_datetime_class(node.value):
            self.found.append((node.lineno, f"{ast.unparse(node)}()"))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "utcnow":
            self.found.append((node.lineno, "utcnow"))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner, name = func.value.id, func.attr
            wall = owner in self.time_modules and (
                name in _WALL_CLOCK or (name in _NOW_IF_NO_ARGS and not node.args)
            )
            if wall or (owner == "func" and name in _SQL_NOW):
                self.found.append((node.lineno, f"{ast.unparse(func)}()"))
        elif isinstance(func, ast.Name) and func.id in self.wall_clocks:
            self.found.append((node.lineno, f"{func.id}()"))
        self.generic_visit(node)


def clock_violations(paths: list[Path], root: Path) -> list[str]:
    """`path:line: what` for every read of the time outside the one clock."""
    found = []
    for path in sorted(paths):
        where = path.relative_to(root).as_posix()
        if where == CLOCK_MODULE:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        reads = _ClockReads()
        reads.visit(tree)
        found += [
            f"{where}:{line}: {what}"
            for line, what in sorted(set(reads.found))
            if f"{where}:{line}" not in CLOCK_ALLOWED
        ]
    return found


def assert_only_the_one_clock(paths: list[Path], root: Path) -> None:
    found = clock_violations(paths, root)
    assert not found, "read the time through app.core.time:\n" + "\n".join(found)


def test_nothing_but_core_time_reads_the_clock() -> None:
    """`now(session)` (or `now()` with no session) is the only "now" in the application."""
    assert_only_the_one_clock(list(APP.rglob("*.py")), APP.parent)


def test_the_clock_check_finds_every_planted_violation_and_nothing_else() -> None:
    planted, root = PLANTED / "clock.py", APP.parent
    marked = {
        number
        for number, line in enumerate(planted.read_text().splitlines(), 1)
        if line.rstrip().endswith("# VIOLATION") or "# VIOLATION:" in line
    }
    assert len(marked) == 17
    found = clock_violations([planted], root)
    assert {int(f.split(":")[1]) for f in found} == marked, "\n".join(found)
    with pytest.raises(AssertionError, match=r"read the time through app\.core\.time"):
        assert_only_the_one_clock([planted], root)


def test_every_table_with_tenant_id_is_tenant_scoped() -> None:
    scoped = {
        m.class_.__table__.name for m in Base.registry.mappers if issubclass(m.class_, TenantScoped)
    }
    for table in Base.metadata.sorted_tables:
        if table.name == "tenants":
            continue
        assert "tenant_id" in table.c, f"{table.name} has no tenant_id"
        assert table.name in scoped
        assert next(iter(table.primary_key.columns)).name == "tenant_id", table.name
        for fk in table.foreign_key_constraints:
            if fk.referred_table.name != "tenants":
                assert "tenant_id" in fk.column_keys, f"{table.name}: FK without tenant_id"


def test_every_tenant_table_gets_rls_in_a_migration() -> None:
    text = "".join(p.read_text() for p in (APP.parent / "migrations" / "versions").glob("*.py"))
    for table in Base.metadata.sorted_tables:
        if table.name != "tenants":
            assert f'"{table.name}"' in text, f"no migration mentions {table.name}"


def _deploy_section(heading: str) -> str:
    text = (APP.parent / "docs" / "deploy.md").read_text()
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_deploy_docs_list_every_tenant_table_and_every_restricted_grant() -> None:
    """docs/deploy.md's lists are the models' own: a new table cannot be left out."""
    isolation = _deploy_section("## Tenant isolation")
    grants = _deploy_section("## Migrate")
    for table in Base.metadata.sorted_tables:
        if table.name != "tenants":
            assert f"`{table.name}`" in isolation, f"{table.name} missing from the RLS list"
        if table.info.get("append_only") or table.info.get("no_delete"):
            assert f"`{table.name}`" in grants, f"{table.name}'s grants are not documented"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings("sqlite://", tmp_path_factory.mktemp("spec")))
    return dict(app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict())


def test_operation_ids_are_unique_snake_case_verb_noun(spec: dict[str, Any]) -> None:
    ids = [
        op["operationId"]
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    operations = [
        op
        for item in spec["paths"].values()
        for m, op in item.items()
        if m in ("get", "post", "patch", "put", "delete")
    ]
    assert len(ids) == len(operations)
    assert len(ids) == len(set(ids)), "duplicate operationId"
    for op_id in ids:
        assert SNAKE_VERB_NOUN.match(op_id), op_id


def test_every_operation_has_one_tag_security_and_documented_errors(spec: dict[str, Any]) -> None:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            where = f"{method.upper()} {path}"
            assert len(op["tags"]) == 1, where
            assert "security" in op, where
            responses = op["responses"]
            if op["security"] and op["security"][0].get("bearerAuth") is not None:
                assert {"401", "403", "429"} <= set(responses), where
                assert "token_expired" in responses["401"]["x-error-codes"], where
            if re.search(r"{\w+_id}", path):  # (not a report's `{month}`)
                assert "resource_missing" in responses["404"]["x-error-codes"], where
            if method == "post" and path.startswith("/v1"):
                assert {"400", "409", "422"} <= set(responses), where
                assert "idempotency_key_in_use" in responses["409"]["x-error-codes"], where
                names = [p.get("name") for p in op.get("parameters", [])]
                assert "Idempotency-Key" in names, where
            if op["tags"] != ["system"]:  # (/healthz touches nothing; /readyz says not_ready)
                assert "service_unavailable" in responses["503"]["x-error-codes"], where


def test_every_error_response_lists_its_registered_codes(spec: dict[str, Any]) -> None:
    """Per error status, the codes (`x-error-codes`, also in the description /docs shows),
    each one a registered class of that status; the body is problem+json."""
    from app.core.errors import REGISTRY

    seen = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            for status, response in op["responses"].items():
                if int(status) < 400:
                    continue
                where = f"{method.upper()} {path} {status}"
                codes = response["x-error-codes"]
                assert codes and codes == sorted(codes), where
                for code in codes:
                    assert REGISTRY[code].status == int(status), (where, code)
                    assert f"`{code}`" in response["description"], (where, code)
                assert list(response["content"]) == ["application/problem+json"], where
                seen += 1
    assert seen > 500
    assert "responses" not in spec["components"]  # no shared, code-less error responses
