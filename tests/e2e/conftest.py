"""What the console's browser tests share: one `gigkit run` (embedded SQLite) with one tenant
for the whole session, one headless Chromium (Debian's, through Playwright's
`executable_path`; nothing is downloaded), admins of any role, sign-in, and screenshots of a
page at desktop and phone widths (saved under test-artifacts/console/).

A test makes its own objects (keys, endpoints, admins with fresh emails): the server and
its tenant are shared, so no test may count on being alone in it."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable
from tests.live import gigkit, http, running_server, server_env

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

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """An API call (raises on an error status) with `token`, else the tenant's key."""
        status, _, answer = http(method, self.base + path, token=token or self.api_key, body=body)
        assert status < 300, (status, answer)
        return answer

    def admin(self, role: str = "owner") -> tuple[str, str]:
        """A new console admin of the tenant with `role`: (email, password)."""
        email = f"{role}{next(_serial)}@example.com"
        out = gigkit(
            self.env, "admin", "create", "--tenant", self.tenant_id, "--email", email,
            "--role", role,
        )  # fmt: skip
        found = re.search(r"password\s+(\S+)", out)
        assert found, out
        return email, found.group(1)

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
def console_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleSite]:
    instance = tmp_path_factory.mktemp("console-browser")
    env = server_env(instance)
    gigkit(env, "db", "upgrade")
    tenant = json.loads(gigkit(env, "tenant", "create", "--name", "嘉善零工", "--json"))
    with running_server(env) as server:
        yield ConsoleSite(server.base, server.env, tenant["tenant_id"], tenant["api_key"])


@pytest.fixture(scope="session")
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
