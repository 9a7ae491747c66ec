"""Every failure is RFC 9457 problem+json with a stable code and the request id; none is a 500
with internals, and bad input stores nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import PROBLEM, ApiClient, assert_problem, worker_body


def test_every_response_has_a_request_id(api: ApiClient, client: Any) -> None:
    for resp in (client.get("/healthz"), api.get("/v1/workers"), client.get("/nope")):
        assert resp.headers["Request-Id"].startswith("req_")
    assert (
        client.get("/healthz").headers["Request-Id"] != client.get("/healthz").headers["Request-Id"]
    )


def test_unknown_url_is_404(api: ApiClient) -> None:
    assert_problem(api.get("/v1/nothing-here"), 404, "route_not_found")


def test_id_with_the_wrong_prefix_is_404(api: ApiClient) -> None:
    assert_problem(api.get("/v1/workers/emp_01m8gz25snks61v3wh3fvewxzv"), 404, "route_not_found")
    assert_problem(api.get("/v1/workers/wkr_01m8gz25snks61v3wh3fvewxz\x00"), 404, "route_not_found")


def test_missing_object_is_404_resource_missing(api: ApiClient) -> None:
    assert_problem(api.get("/v1/workers/wkr_01m8gz25snks61v3wh3fvewxzv"), 404, "resource_missing")


def test_wrong_method_is_405_with_allow(api: ApiClient) -> None:
    resp = api.delete("/v1/workers")
    assert_problem(resp, 405, "method_not_allowed")
    allowed = {m.strip() for m in resp.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed


def test_malformed_json_is_400(api: ApiClient) -> None:
    resp = api.post("/v1/workers", data=b'{"name": ', headers={"Content-Type": "application/json"})
    assert_problem(resp, 400, "malformed_json")
    resp = api.post("/v1/workers", data=b"\xff\xfe", headers={"Content-Type": "application/json"})
    assert resp.status_code == 400


@pytest.mark.parametrize(
    "raw",
    [
        b'{"name": ' + b"9" * 5000 + b"}",  # more digits than Python converts
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the recursion limit
    ],
)
def test_json_python_cannot_represent_is_400(api: ApiClient, raw: bytes) -> None:
    resp = api.post("/v1/workers", data=raw, headers={"Content-Type": "application/json"})
    assert_problem(resp, 400, "malformed_json")


@pytest.mark.parametrize(
    "field, value",
    [("name", "Li\ud800Wei"), ("skills", ["\udfff"]), ("metadata", {"k": "\ud83d"})],
)
def test_lone_surrogates_are_422(api: ApiClient, field: str, value: Any) -> None:
    """A lone surrogate is valid JSON (`"\\ud800"`) but no UTF-8 can store it."""
    raw = json.dumps(worker_body(**{field: value})).encode()  # ASCII: "\\ud800" escapes
    resp = api.post("/v1/workers", data=raw, headers={"Content-Type": "application/json"})
    assert_problem(resp, 422, "validation_error")


LONE = "\ud800"  # a lone surrogate: valid JSON (`"\\ud800"`), no UTF-8 text


def _send(api: ApiClient, method: str, path: str, body: Any) -> Any:
    raw = json.dumps(body).encode()  # ASCII: the surrogates travel as `\\ud800` escapes
    return getattr(api.client, method)(
        path, data=raw, headers={**api._headers(None), "Content-Type": "application/json"}
    )


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("post", "/v1/workers", {LONE: 1}, "\\ud800"),
        ("post", "/v1/workers", {"x\udfff" + LONE + "y": 1}, "x\\udfff\\ud800y"),
        ("post", "/v1/workers", {"payout_account": {LONE: 1}}, "payout_account.\\ud800"),
        ("post", "/v1/workers", {"metadata": {LONE: "v"}}, "metadata.\\ud800.key"),
        ("patch", "/v1/workers/{worker}", {LONE: 1}, "\\ud800"),
        ("post", "/v1/employers", {"contact": {"\udfff": 1}}, "contact.\\udfff"),
        ("post", "/v1/employers", {"sites": [{"name": "a", LONE: 1}]}, "sites.0.\\ud800"),
        ("post", "/v1/webhook-endpoints", {LONE: 1}, "\\ud800"),
        ("post", "/v1/contracts", {"signers": [{LONE: 1}]}, "signers.0.\\ud800"),
        ("post", "/v1/api-keys", {"name": "k", LONE: [LONE]}, "\\ud800"),
    ],
)
def test_lone_surrogates_in_keys_are_echoed_escaped_in_a_422(
    api: ApiClient, method: str, path: str, body: Any, field: str
) -> None:
    """An unknown key is named in `errors[].field`; one holding a lone surrogate could not be
    encoded (a 500). It is named with the surrogate written as `\\ud800`."""
    worker = api.post("/v1/workers", worker_body()).json
    resp = _send(api, method, path.format(worker=worker["id"]), body)
    problem = assert_problem(resp, 422, "validation_error")
    assert field in [e["field"] for e in problem["errors"]], problem
    resp.get_data().decode("utf-8")  # strict UTF-8
    assert api.get("/v1/workers").json["data"] == [worker]


def test_times_past_the_supported_range_are_422(api: ApiClient) -> None:
    for when in ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+14:00"):
        resp = api.get("/v1/events", query_string={"created[gte]": when})
        assert_problem(resp, 422, "validation_error")


def test_wrong_content_type_is_415(api: ApiClient) -> None:
    resp = api.post("/v1/workers", data=b"name=x", headers={"Content-Type": "text/plain"})
    assert_problem(resp, 415, "unsupported_media_type")
    assert api.get("/v1/workers").json["data"] == []


def test_body_over_one_megabyte_is_413(api: ApiClient) -> None:
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    resp = api.post("/v1/workers", data=big, headers={"Content-Type": "application/json"})
    assert_problem(resp, 413, "payload_too_large")


def test_unknown_field_is_422_naming_it(api: ApiClient) -> None:
    resp = api.post("/v1/workers", worker_body(tenant_id="ten_01m8gz25snks61v3wh3fvewxzv"))
    body = assert_problem(resp, 422, "validation_error")
    assert {"location": "body", "field": "tenant_id", "message": "Unknown field."} in body["errors"]
    assert body["param"] == "tenant_id"
    assert api.get("/v1/workers").json["data"] == []


def test_nested_field_errors_have_dotted_paths(api: ApiClient) -> None:
    resp = api.post(
        "/v1/workers",
        worker_body(payout_account={"kind": "cash", "provider": "x", "account_reference": "1234"}),
    )
    body = assert_problem(resp, 422, "validation_error")
    assert body["errors"][0]["field"] == "payout_account.kind"


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "Li\x00Wei"),
        ("name", "\u0000"),
        ("mobile", "139\x0012345678"),
        ("skills", ["\x00"]),
        ("metadata", {"k\x00": "v"}),
        ("metadata", {"k": "v\x00"}),
        ("name", 10**400),
        ("skills", [2**64]),
        ("name", ["nested"]),
    ],
)
def test_nul_bytes_and_oversized_values_are_422(api: ApiClient, field: str, value: Any) -> None:
    resp = api.post("/v1/workers", worker_body(**{field: value}))
    assert resp.status_code in (400, 422), resp.get_data(as_text=True)
    assert resp.content_type == PROBLEM


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=99999999999999999999999",
        "limit=abc",
        "cursor=%00",
        "cursor=not-a-cursor",
        "mobile=%00",
        "name=a%00b",
        "cursor=" + "x" * 500,
    ],
)
def test_bad_query_parameters_are_422(api: ApiClient, query: str) -> None:
    resp = api.get(f"/v1/workers?{query}")
    assert_problem(resp, 422, "validation_error")


def test_nul_byte_in_headers_and_credentials_is_4xx(client: Any) -> None:
    resp = client.get("/v1/workers", headers={"Authorization": "Bearer gk_test_\x00abc"})
    assert_problem(resp, 401, "invalid_api_key")
    resp = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "cli_\x00", "client_secret": "x"},
    )
    assert 400 <= resp.status_code < 500


def test_unexpected_exception_is_500_without_internals(app: Any, api: ApiClient) -> None:
    from app.parties import service

    original = service.list_workers

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail: password=hunter2")

    service.list_workers = explode
    try:
        resp = api.get("/v1/workers")
    finally:
        service.list_workers = original
    body = assert_problem(resp, 500, "internal_error")
    text = resp.get_data(as_text=True)
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert set(body) == {"type", "title", "status", "detail", "code", "request_id"}


@pytest.mark.postgres
def test_a_dropped_database_connection_costs_one_503_then_reconnects(
    postgres: Any, tmp_path: Any
) -> None:
    """No pre-ping: a connection the server killed fails one request, cleanly, and the
    pool is renewed for the next one."""
    from sqlalchemy import create_engine, text

    from app import create_app
    from tests.conftest import make_settings
    from tests.helpers import new_tenant

    app = create_app(make_settings(postgres.app_url, tmp_path))
    database = app.extensions["gigkit"].database
    try:
        tenant = new_tenant(app)
        api = ApiClient(app.test_client(), tenant.api_key)
        assert api.get("/v1/workers").status_code == 200
        with database.engine.connect() as conn:  # the pool's connections, by server pid
            pids = {conn.scalar(text("SELECT pg_backend_pid()"))}
        admin = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for pid in pids:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        body = assert_problem(api.get("/v1/workers"), 503, "service_unavailable")
        assert "Traceback" not in str(body)
        assert api.get("/v1/workers").status_code == 200
    finally:
        database.dispose()
