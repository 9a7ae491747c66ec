"""What `make run` does, for real: migrate, create the demo, serve on a loopback port; and
what the HTTP servers themselves let through (long URLs) under `gigkit run` and gunicorn."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.edge import MAX_URI_BYTES
from tests.helpers import url_of_size
from tests.live import (
    copy_database,
    free_port,
    gigkit,
    http,
    record_page_problems,
    running_server,
    server_env,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    instance = tmp_path_factory.mktemp("make-run")
    env = server_env(instance)
    port = free_port()
    gigkit(env, "db", "upgrade")
    demo = gigkit(env, "demo", "--port", str(port))
    with running_server(env, port) as live:
        yield {
            "base": live.base,
            "demo": demo,
            "creds": json.loads((instance / "demo.json").read_text()),
        }


def test_demo_output_names_credentials_and_docs(server: dict[str, Any]) -> None:
    out, creds = server["demo"], server["creds"]
    for value in (
        creds["api_key"],
        creds["client_id"],
        creds["client_secret"],
        server["base"] + "/docs",
        server["base"] + "/openapi.json",
    ):
        assert value in out


def test_serves_spec_docs_and_assets_without_internet(server: dict[str, Any]) -> None:
    status, _, spec = http("GET", server["base"] + "/openapi.json")
    assert status == 200 and spec["info"]["title"] == "gigkit"
    status, _, page = http("GET", server["base"] + "/docs")
    assert status == 200
    html = page.decode()
    assert "/docs/assets/swagger-ui-bundle.js" in html
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        status, _, content = http("GET", server["base"] + "/docs/assets/" + asset)
        assert status == 200 and len(content) > 1000, asset


def test_demo_key_reads_the_seeded_worker(server: dict[str, Any]) -> None:
    status, headers, body = http(
        "GET", server["base"] + "/v1/workers", token=server["creds"]["api_key"]
    )
    assert status == 200
    assert headers["Request-Id"].startswith("req_")
    workers = body["data"]
    assert workers[0]["id_card_masked"] == "1101**********002X"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_docs_render_in_a_browser_with_the_network_cut_off(
    server: dict[str, Any], tmp_path: Path
) -> None:
    """Headless Chromium whose only reachable host is 127.0.0.1 (everything else goes to a
    dead proxy) renders /docs: Swagger UI lists the operations."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=127.0.0.1",
            "--virtual-time-budget=15000",
            "--dump-dom",
            server["base"] + "/docs",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = result.stdout
    paths = set(re.findall(r'opblock-summary-path" data-path="([^"]+)"', dom))
    assert {"/v1/workers", "/v1/workers/{worker_id}", "/oauth/token"} <= paths, dom[-2000:]
    assert "create_worker" in dom


def _long_url(base: str, size: int) -> str:
    """`base` + a path and query of exactly `size` bytes."""
    return base + url_of_size("/v1/workers", size)


def test_docs_are_served_with_their_security_headers(server: dict[str, Any]) -> None:
    _, headers, _ = http("GET", server["base"] + "/docs")
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_the_development_server_lets_the_app_answer_a_long_url(server: dict[str, Any]) -> None:
    """`gigkit run` reads request lines up to 64 KiB, so the app's limit is the one met."""
    key = server["creds"]["api_key"]
    assert http("GET", _long_url(server["base"], MAX_URI_BYTES), token=key)[0] == 200
    for size in (MAX_URI_BYTES + 1, 20_000):
        status, headers, body = http("GET", _long_url(server["base"], size), token=key)
        assert status == 414, (size, body)
        assert headers["Content-Type"] == "application/problem+json"
        assert body["code"] == "uri_too_long"


def test_gunicorn_with_the_documented_request_line_limit_lets_the_app_answer(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """gunicorn's default request-line limit (4094 bytes, method and version included) is
    below the app's URL limit: its own HTML 414 would answer URLs the app serves. With
    `--limit-request-line 8190` (docs/deploy.md), the app answers up to its limit and
    with its problem+json 414 above it (until gunicorn's 8190)."""
    copy_database(sqlite_template, tmp_path)
    env = server_env(tmp_path)
    with running_server(env, gunicorn=["-w", "1"]) as default:
        status, headers, _ = http("GET", _long_url(default.base, MAX_URI_BYTES))
        assert status == 414 and headers["Content-Type"].startswith("text/html")
    with running_server(env, gunicorn=["-w", "1", "--limit-request-line", "8190"]) as live:
        assert http("GET", _long_url(live.base, MAX_URI_BYTES))[0] == 401  # served
        for size in (MAX_URI_BYTES + 1, 8000):
            status, headers, body = http("GET", _long_url(live.base, size))
            assert status == 414 and body["code"] == "uri_too_long", (size, body)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_docs_work_in_a_browser_under_their_content_security_policy(
    server: dict[str, Any], playwright_driver: Any
) -> None:
    """Playwright drives Debian's Chromium: Swagger UI loads, an operation is tried out
    with the demo key (200), and the browser reports no Content-Security-Policy violation."""
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
    )
    page = browser.new_page()
    problems = record_page_problems(page)
    page.goto(server["base"] + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    page.click("button.authorize")
    page.locator(".modal-ux input").first.fill(server["creds"]["api_key"])
    page.locator(".modal-ux button.authorize").first.click()
    page.locator(".modal-ux button.btn-done").first.click()
    operation = page.locator("#operations-parties-list_workers")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=30_000)
    assert status.inner_text().strip() == "200"
    browser.close()
    # (the browser's own request for /favicon.ico is a 404, not a policy matter)
    assert [p for p in problems if "404" not in p] == [], problems
