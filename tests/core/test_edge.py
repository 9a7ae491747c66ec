"""The HTTP edge (`app/core/edge.py`): headers on every response and the URL length limit.

- Every response is `Cache-Control: no-store` (secrets are never cached by a browser or a
  proxy), except the Swagger UI assets under `/docs/assets/`, which keep a day.
- Every response, errors and HTML pages included, is `X-Content-Type-Options: nosniff`.
- `/docs` and the hosted signing page cannot be framed and have a Content-Security-Policy.
- A URL (path and query) longer than 4,096 bytes is a 414 `uri_too_long`, before anything
  else is looked at.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest

from app.core.edge import MAX_URI_BYTES
from tests.helpers import (
    PROBLEM,
    ApiClient,
    TenantHandle,
    assert_problem,
    basic,
    post_created,
    url_of_size,
)
from tests.signing.conftest import contract, parties, signer_id


def assert_no_store(resp: Any) -> None:
    assert resp.headers.get("Cache-Control") == "no-store", (resp.status_code, resp.headers)
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", resp.headers


def test_responses_that_carry_secrets_are_no_store(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    key = post_created(api, "/v1/api-keys", {"name": "ci", "scopes": ["parties:read"]})
    resp = api.post("/v1/api-keys", {"name": "ci", "scopes": ["parties:read"]})
    assert resp.status_code == 201 and "secret" in resp.json
    assert_no_store(resp)
    resp = api.post(f"/v1/api-keys/{key['id']}/rotate", {})
    assert resp.status_code == 201 and "secret" in resp.json
    assert_no_store(resp)

    resp = api.post("/v1/oauth-clients", {"name": "sync", "scopes": ["parties:read"]})
    assert resp.status_code == 201 and "client_secret" in resp.json
    assert_no_store(resp)
    client_id = resp.json["client_id"]
    resp = api.post(f"/v1/oauth-clients/{client_id}/rotate-secret", {})
    assert resp.status_code == 201 and "client_secret" in resp.json
    assert_no_store(resp)
    resp = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(client_id, resp.json["client_secret"]),
    )
    assert resp.status_code == 200 and "access_token" in resp.json
    assert_no_store(resp)

    body = {"url": "https://example.com/hook", "event_types": ["*"]}
    resp = api.post("/v1/webhook-endpoints", body)
    assert resp.status_code == 201 and "secret" in resp.json
    assert_no_store(resp)
    resp = api.post(f"/v1/webhook-endpoints/{resp.json['id']}/rotate-secret", {})
    assert resp.status_code == 200 and "secret" in resp.json, resp.json
    assert_no_store(resp)

    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    body = {"signer_id": signer_id(made, employer)}
    resp = api.post(f"/v1/contracts/{made['id']}/signing-links", body)
    assert resp.status_code == 201 and "code" in resp.json
    assert_no_store(resp)


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/v1/workers", 200),
        ("get", "/v1/workers/wkr_01m8gz25snks61v3wh3fvewxzv", 404),
        ("post", "/v1/workers", 422),
        ("get", "/v1/nothing-here", 404),
        ("delete", "/v1/workers", 405),
        ("get", "/healthz", 200),
        ("get", "/openapi.json", 200),
        ("get", "/docs", 200),
        ("get", "/docs/assets/no-such-file.js", 404),
        ("get", "/sign/gks_unknown", 404),
    ],
)
def test_every_response_is_no_store_and_nosniff(
    api: ApiClient, method: str, path: str, status: int
) -> None:
    resp = getattr(api, method)(path)
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert_no_store(resp)


@pytest.mark.parametrize("credential", [None, "gk_test_wrong", "gk_test_\x00"])
def test_authentication_failures_are_no_store_and_nosniff(
    client: Any, credential: str | None
) -> None:
    headers = {"Authorization": f"Bearer {credential}"} if credential else {}
    resp = client.get("/v1/workers", headers=headers)
    assert resp.status_code == 401
    assert_no_store(resp)
    resp = client.post("/oauth/token", data={"grant_type": "client_credentials"})
    assert resp.status_code == 401
    assert_no_store(resp)


def test_docs_assets_keep_their_day_of_caching(client: Any) -> None:
    resp = client.get("/docs/assets/swagger-ui.css")
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "public, max-age=86400"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name", ["index.html", "oauth2-redirect.html", "swagger-initializer.js", "index.j2"]
)
def test_only_the_assets_docs_loads_are_served(client: Any, name: str) -> None:
    """The package's stock pages would load the Petstore spec from the internet, without
    the /docs page's policy."""
    resp = client.get(f"/docs/assets/{name}")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert_no_store(resp)


def _directives(resp: Any) -> dict[str, list[str]]:
    policy = resp.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def test_docs_cannot_be_framed_and_run_only_their_own_scripts(client: Any) -> None:
    resp = client.get("/docs")
    assert resp.status_code == 200
    assert resp.headers["X-Frame-Options"] == "DENY"
    csp = _directives(resp)
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]  # the spec, and "Try it out"
    # the assets are ours; the one inline script (Swagger UI's set-up) by its hash only
    html = resp.get_data(as_text=True)
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert sorted(csp["script-src"]) == sorted(["'self'", f"'sha256-{digest}'"])
    assert "'unsafe-eval'" not in str(csp) and "http" not in str(csp)


def test_the_hosted_signing_page_cannot_be_framed(client: Any) -> None:
    resp = client.get("/sign/gks_unknown")
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert _directives(resp)["frame-ancestors"] == ["'none'"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


# --- URL length --------------------------------------------------------------------------


def _url(path: str, size: int) -> str:
    return url_of_size(path, size)


def test_a_url_of_the_limit_is_served(api: ApiClient) -> None:
    assert MAX_URI_BYTES == 4096
    resp = api.get(_url("/v1/workers", MAX_URI_BYTES))
    assert resp.status_code == 200, resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/v1/workers"),
        ("post", "/v1/workers"),
        ("get", "/v1/nothing-here"),  # before routing (404)
        ("get", "/healthz"),
        ("get", "/docs"),
        ("get", "/docs/assets/swagger-ui.css"),
        ("get", "/openapi.json"),
        ("get", "/sign/gks_unknown"),
    ],
)
def test_a_url_over_the_limit_is_414_problem_json(api: ApiClient, method: str, path: str) -> None:
    resp = getattr(api, method)(_url(path, MAX_URI_BYTES + 1))
    body = assert_problem(resp, 414, "uri_too_long")
    assert "4096" in body["detail"].replace(",", "")
    assert_no_store(resp)
    assert api.get("/v1/workers").json["data"] == []


def test_the_limit_counts_bytes_as_sent_before_authentication(client: Any) -> None:
    """Percent-encoded bytes count as sent (`%E4%B8%AD` is 9), and the limit is checked
    before the credential (no 401) and the OAuth form."""
    url = "/v1/workers?name=" + "%E4%B8%AD" * 460  # 17 + 4140 bytes; 1380 decoded
    assert_problem(client.get(url), 414, "uri_too_long")
    resp = client.post(_url("/oauth/token", 5000), data={"grant_type": "client_credentials"})
    assert_problem(resp, 414, "uri_too_long")
    assert resp.content_type == PROBLEM
