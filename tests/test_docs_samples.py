"""The guides' samples run when pasted: no hard-coded ids, no variable nobody sets, no fixed
port, the dependencies they need named; and what the guides claim about the API is true.
Running them is tests/test_docs_run.py's work; these are the static checks."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core import schedule
from app.tenants.scopes import SCOPES

DOCS = Path(__file__).resolve().parent.parent / "docs"
# every guide, the translations in docs/zh/ included (not deploy.md: the operators' page)
PAGES = sorted(p for p in [*DOCS.glob("*.md"), *DOCS.glob("zh/*.md")] if p.name != "deploy.md")
BLOCK = re.compile(r"```(bash|sh|console|python)\n(.*?)```", re.S)
# what `make run` prints (`gigkit demo`), and what the shell has anyway
PRINTED = {"GK", "GK_KEY", "GK_CLIENT_ID", "GK_CLIENT_SECRET", "PATH", "HOME"}
PRINTED |= {f"GIGKIT_{n}" for n in ("URL", "API_KEY", "CLIENT_ID", "CLIENT_SECRET")}
OBJECT_ID = re.compile(
    r"\b(?:key|cli|hld|wkr|emp|we|evt|po|dep|ten|ctr|tpl|shf|eng|pys|rel|rfd|ltx|lac|sgn)_01\w+"
    r"|\bgk_(?:oat|cs|test|live)_\w+|whsec_[\w+/=]+|…|\.\.\."
    r"|\b[A-Za-z0-9_-]{48,}={0,2}"  # someone's cursor or token, copied from an answer
)
SDK_BRINGS = {"gigkit_client", "gigkit_sdk", "httpx", "attrs"}


def _blocks(page: Path, *kinds: str) -> list[str]:
    return [m[2] for m in BLOCK.finditer(page.read_text()) if m[1] in kinds]


def _commands(block: str, kind: str) -> list[str]:
    """A shell block's command lines, comments dropped (a console block: the `$ ` lines)."""
    lines = block.splitlines()
    if kind == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    return [re.sub(r"(^|\s)#.*", "", line) for line in lines]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_shell_samples_use_only_variables_that_are_set(page: Path) -> None:
    """`$GK_ADMIN_KEY`, `$EP`, `$EVT` were used and never set."""
    assigned = set(PRINTED)
    unset = []
    for kind in ("bash", "sh", "console"):
        for block in _blocks(page, kind):
            for line in _commands(block, kind):
                assigned |= set(re.findall(r"(?:^|[\s;(])([A-Za-z_]\w*)=", line))
                assigned |= set(re.findall(r"\b([a-z_]\w*)\(\) \{", line))
                expanded = re.sub(r"'[^']*'", "''", line)  # (no expansion in single quotes)
                unset += [v for v in re.findall(r"\$\{?([A-Z_]\w*)", expanded) if v not in assigned]
    assert unset == [], f"{page.name}: set nowhere before use: {unset}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_commands_have_no_hard_coded_ids_placeholders_or_port(page: Path) -> None:
    found = []
    for kind in ("bash", "sh", "console"):
        for block in _blocks(page, kind):
            for line in _commands(block, kind):
                found += OBJECT_ID.findall(line)
                found += re.findall(r"(?:127\.0\.0\.1|localhost):\d+", line)
    assert found == [], f"{page.name}: paste-breaking text in commands: {found}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_samples_name_the_packages_to_install(page: Path) -> None:
    """The receiver needs Flask and the seal check `cryptography`: `pip install ./sdk`
    brings neither, so the page must say `pip install <it>`."""
    text = page.read_text()
    needed = set()
    for block in _blocks(page, "python"):
        if "gigkit_sdk" not in block and "gigkit_client" not in block:
            continue  # (gigkit's own code, for its developers: rules.md)
        for top in re.findall(r"^(?:from|import) (\w+)", block, re.M):
            if top not in sys.stdlib_module_names and top not in SDK_BRINGS:
                needed.add(top)
    missing = [p for p in sorted(needed) if f"pip install {p}" not in text]
    assert missing == [], f"{page.name}: say how to install {missing}"


def test_the_quickstart_does_not_call_webhooks_planned() -> None:
    text = (DOCS / "quickstart.md").read_text()
    assert not re.search(r"webhook[^.]*\bplanned", text, re.I | re.S)
    assert "(webhooks.md)" in text


def test_authentication_md_names_exactly_the_scopes_no_operation_requires(app: Any) -> None:
    spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    served = {
        scope
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
        for scope in op.get("x-required-scopes", ())
    }
    text = (DOCS / "authentication.md").read_text()
    line = next(x for x in text.splitlines() if "Every scope is required by some operation" in x)
    following = text[text.index(line) :].split("\n- ")[0]
    assert set(re.findall(r"`([a-z:]+)`", following)) == set(SCOPES) - served


def test_authentication_md_gives_the_status_the_server_answers_invalid_client(
    client: Any,
) -> None:
    form = {"grant_type": "client_credentials", "client_id": "cli_" + "1" * 26}
    answer = client.post("/oauth/token", data={**form, "client_secret": "gk_cs_wrong"})
    row = next(
        x
        for x in (DOCS / "authentication.md").read_text().splitlines()
        if "| `invalid_client` |" in x
    )
    assert row.startswith(f"  | {answer.status_code} |") and "`client_secret_post`" in row
    assert answer.json["code"] == "invalid_client"


def test_every_gigkit_maintenance_command_in_the_docs_exists() -> None:
    group = main.commands["maintenance"]
    tasks = {t.name for t in schedule.tasks()}
    said = []
    for page in [*PAGES, DOCS / "deploy.md"]:
        said += re.findall(r"gigkit maintenance (\w+)((?: [a-z_]+\.[a-z_.]+)*)", page.read_text())
    assert said
    for command, named in said:
        assert command in group.commands, f"gigkit maintenance {command}"  # type: ignore[attr-defined]
        assert set(named.split()) <= tasks, named
