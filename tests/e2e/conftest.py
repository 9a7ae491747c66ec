"""What the console's browser tests share: one `gigkit run` (embedded SQLite) with one tenant
for the whole session, a headless Chromium per module (Debian's, through Playwright's
`executable_path`; nothing is downloaded), admins of any role, sign-in, and screenshots of a
page at desktop and phone widths (saved under test-artifacts/console/).

A test makes its own objects (keys, endpoints, admins with fresh emails): the server and
its tenant are shared, so no test may count on being alone in it."""

from __future__ import annotations

import itertools
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from app.config import Settings
from app.console import service as console
from app.core.auth import Actor
from tests.conftest import unavailable
from tests.live import TenantPool, copy_database, http, running_server, server_env

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
_serial = itertools.count(1)


@dataclass
class ConsoleSite:
    base: str
    env: dict[str, str]
    tenant_id: str
    api_key: str  # the tenant's first key (scope admin), for setting things up over the API
    database: Any  # the server's database, opened in this process too

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """An API call (raises on an error status) with `token`, else the tenant's key."""
        status, _, answer = http(method, self.base + path, token=token or self.api_key, body=body)
        assert status < 300, (status, answer)
        return answer

    def admin(self, role: str = "owner") -> tuple[str, str]:
        """A new console admin of the tenant with `role`: (email, password). Made in this
        process, through the service `gigkit admin create` calls (tested in
        tests/test_cli.py), in the server's database: a command per admin would
        cost a process start (about 2.5 s) each."""
        email, password = f"{role}{next(_serial)}@example.com", secrets.token_urlsafe(12)
        with self.database.unit_of_work(tenant_id=self.tenant_id) as session:
            console.create_admin(
                session, actor=Actor("cli", None), email=email, password=password, role=role
            )
        return email, password

    def sign_in(self, page: Any, role: str = "owner", lang: str = "en") -> str:
        """Sign a new admin of `role` in on `page`; their email."""
        email, password = self.admin(role)
        page.goto(f"{self.base}/console/login?lang={lang}")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r".*/console/(?!login).*"))
        return email


@pytest.fixture(scope="session")
def console_site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[ConsoleSite]:
    instance = tmp_path_factory.mktemp("console-browser")
    copy_database(sqlite_template, instance)
    env = server_env(instance)
    tenants = TenantPool(env, client_scopes="parties:read", name="嘉善零工", batch=1)
    tenants.start()  # while the server starts
    with running_server(env) as server:
        tenant = tenants.take()["tenant"]
        app = create_app(Settings.from_env(server.env))
        try:
            database = app.extensions["gigkit"].database
            yield ConsoleSite(
                server.base, server.env, tenant["tenant_id"], tenant["api_key"], database
            )
        finally:
            app.extensions["gigkit"].database.dispose()


@pytest.fixture(scope="module")
def chromium_browser(playwright_driver: Any) -> Iterator[Any]:
    if CHROMIUM is None:  # a failure under GIGKIT_REQUIRE_SERVICES=1 (CI installs it)
        unavailable("Chromium", "apt-get install chromium")
    launched = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
    )
    yield launched
    launched.close()


@pytest.fixture()
def desktop(chromium_browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at desktop size; its page."""
    context = chromium_browser.new_context(viewport=DESKTOP, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def screenshots(page: Any, name: str) -> None:
    """`name`-desktop.png and `name`-phone.png of the page as it is now (full height)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)
