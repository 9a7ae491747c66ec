"""Every shell and Python sample of the guides runs, pasted in order, against a live server
(`tests/docs_pages.py` says how a page is run and how a block is marked not to be). Each page
gets a fresh demo tenant, as `make run` prints one: a stale sample fails here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import docs_pages
from tests.docs_pages import ROOT, Page
from tests.live import BIN, Server, copy_database, running_server, server_env

PAGES = sorted(
    [
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("docs/zh/*.md"),
        ROOT / "README.md",
        ROOT / "sdk/README.md",
    ]
)
NAMES = [str(p.relative_to(ROOT)) for p in PAGES]

CREATE_TENANTS = """
import json, sys
from app import create_app
from app.demo import create_demo
state = create_app().extensions["gigkit"]
print(json.dumps({name: create_demo(state, name) for name in sys.argv[1:]}))
"""


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Server, dict[str, Any]]]:
    """A server and database of its own, not the SDK tests': pages run `gigkit` commands
    that act on every tenant (`maintenance reconcile`, `tenant list`)."""
    instance = tmp_path_factory.mktemp("guides")
    copy_database(sqlite_template, instance)
    env = server_env(instance)
    making = subprocess.Popen(  # while the server starts
        [sys.executable, "-c", CREATE_TENANTS, *NAMES],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with running_server(env) as server:
        out, err = making.communicate(timeout=120)
        assert making.returncode == 0, out + err
        yield server, json.loads(out)


def _reader(server: Server, creds: dict[str, str]) -> dict[str, str]:
    """A terminal after `make run`: its printed `export` lines pasted, `gigkit` on PATH (the
    Makefile's documented way) and working on the server's database."""
    return {
        **server.env,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GK": server.base,
        "GK_KEY": creds["api_key"],
        "GK_CLIENT_ID": creds["client_id"],
        "GK_CLIENT_SECRET": creds["client_secret"],
        "GIGKIT_URL": server.base,
        "GIGKIT_API_KEY": creds["api_key"],
        "GIGKIT_CLIENT_ID": creds["client_id"],
        "GIGKIT_CLIENT_SECRET": creds["client_secret"],
    }


@pytest.mark.parametrize("page", PAGES, ids=NAMES)
def test_every_marker_is_understood_and_every_skip_says_why(page: Path) -> None:
    assert docs_pages.bad_markers(page) == []


@pytest.mark.parametrize("page", PAGES, ids=NAMES)
def test_the_page_runs_as_pasted(
    page: Path, live: tuple[Server, dict[str, Any]], tmp_path: Path
) -> None:
    server, tenants = live
    name = str(page.relative_to(ROOT))
    reader = Page(_reader(server, tenants[name]), tmp_path)
    try:
        for block in docs_pages.blocks(page):
            if not block.skipped:
                reader.run(block)
    finally:
        reader.close()
    CHECKS.get(name, lambda _: None)(reader)


def test_most_blocks_run() -> None:
    """Skips are the exception: what runs, and what is skipped, page by page."""
    every = [b for page in PAGES for b in docs_pages.blocks(page)]
    skipped = [b for b in every if b.skipped]
    print(f"\n{len(every) - len(skipped)} of {len(every)} blocks run; skipped:")
    for block in skipped:
        print(f"  {block.where}  {block.marker}")
    assert len(skipped) <= len(every) // 5


# --- what some pages must reach, beyond running ------------------------------------------


def _answers(page: Page) -> list[Any]:
    return [x for output in page.output for x in docs_pages.json_objects(output)]


def _money(page: Page) -> None:
    answers = _answers(page)
    assert any(a.get("id", "").startswith("po_") and a["amount"] == 28000 for a in answers)
    report = next(a for a in reversed(answers) if "mismatches" in a)
    assert report["mismatches"] == [] and report["payouts"] >= 1, report  # the tenant's day


def _authentication(page: Page) -> None:
    answers = _answers(page)
    assert any(a.get("rotated_to") is None and "secret" in a for a in answers)  # rotation
    assert any(a.get("active") is True for a in answers)  # introspection of a live token


def _webhooks(page: Page) -> None:
    assert any(a.get("id", "").startswith("we_") for a in _answers(page))


CHECKS: dict[str, Callable[[Page], None]] = {
    "docs/money.md": _money,
    "docs/authentication.md": _authentication,
    "docs/webhooks.md": _webhooks,
}
