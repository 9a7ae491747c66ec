"""What `make run` does, for real: migrate, create the demo, serve on a loopback port."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live import free_port, gigkit, http, running_server, server_env


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
