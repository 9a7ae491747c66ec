"""Cross-tenant probe, generated from the spec so that it covers every new endpoint.

For every operation with an id in its path, tenant A's object is requested with tenant B's
credential: the answer must be 404 `resource_missing`, exactly like a missing id, and A's
object must be unchanged. Every list operation, called by B, must not mention anything of A.
(A path whose parameters are not ids, such as a report's month, names no object of A;
CSV exports have tests of their own: tests/payslips/test_exports.py.)
An id kind the probe cannot create, or a body it cannot fill, fails the test: add a factory
below when you add a resource.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.core.time import SYSTEM
from tests.helpers import ApiClient, TenantHandle, money_trail, post_created, spec_operations

# How to make one object of each id kind as tenant A (returns its id).
FACTORIES: dict[str, Callable[[ApiClient, dict[str, Any]], str]] = {
    "key": lambda a, _: post_created(a, "/v1/api-keys", {"name": "p", "scopes": ["parties:read"]})[
        "id"
    ],
    "cli": lambda a, _: post_created(
        a, "/v1/oauth-clients", {"name": "p", "scopes": ["parties:read"]}
    )["id"],
    "wkr": lambda a, made: money_trail(a, made)["wkr"],
    "emp": lambda a, made: money_trail(a, made)["emp"],
    "evt": lambda a, made: (money_trail(a, made), a.get("/v1/events").json["data"][0]["id"])[1],
    "prd": lambda a, made: money_trail(a, made)["prd"],
    "pol": lambda a, made: money_trail(a, made)["pol"],
    "clm": lambda a, made: money_trail(a, made)["clm"],
    # a batch of one clock-out (of the trail's shift, settled already: its item fails)
    "cob": lambda a, made: _accepted(
        a.post(
            "/v1/clock-out-batches",
            {"clock_outs": [{"shift_id": money_trail(a, made)["shf"]}]},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    ),
    # a test clock a minute ahead of the real clock: A's objects are made at about real time
    "clk": lambda a, _: post_created(
        a, "/v1/test-clocks", {"frozen_time": (SYSTEM.now() + dt.timedelta(minutes=1)).isoformat()}
    )["id"],
    **{
        kind: (lambda k: lambda a, made: money_trail(a, made)[k])(kind)
        for kind in (
            "dep",
            "hld",
            "po",
            "rfd",
            "lac",
            "ltx",
            "we",
            "tpl",
            "ctr",
            "eng",
            "shf",
            "pys",
        )
    },
}


def _accepted(resp: Any) -> str:
    assert resp.status_code == 202, resp.get_data(as_text=True)
    return str(resp.json["id"])


# Path parameters that are not ids: a month (the tenant's, Asia/Shanghai, is today's).
THIS_MONTH = dt.datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
# Query strings for operations with required query parameters.
QUERIES: dict[str, str] = {"get_worker_earnings": "month=2027-03"}
# Bodies for operations whose request body has required fields (others get `{}`).
BODIES: dict[str, dict[str, Any]] = {
    "release_hold": {"worker_id": "wkr_" + "1" * 26},
    "recover_webhook_endpoint": {"since": "2026-01-01T00:00:00Z"},
    "advance_test_clock": {"frozen_time": "2099-01-01T00:00:00Z"},
    "sign_contract": {
        "signer_id": "sgn_" + "1" * 26,
        "consent": {"method": "in_person", "verification": "passed"},
    },
    "decline_contract": {"signer_id": "sgn_" + "1" * 26, "reason": "probe"},
    "create_signing_link": {"signer_id": "sgn_" + "1" * 26},
    "void_contract": {"reason": "probe"},
    "rescind_contract": {"reason": "probe"},
    "schedule_shifts": {"shifts": [{"day": "2026-01-01"}]},
    "correct_payslip": {"reason": "probe", "clock_out_at": "2026-01-01T00:00:00Z"},
    "review_insurance_claim": {"decision": "start_review"},
    "create_insurance_product_version": {
        "name": "probe",
        "daily_premium": 100,
        "coverages": [{"type": "medical_expenses", "sum_insured": 100}],
        "min_age": 16,
        "max_age": 60,
    },
}


def _id_kind(path_item: dict[str, Any], path: str, spec: dict[str, Any]) -> str | None:
    """The id prefix of the path's first parameter; None if it is not an id (a month)."""
    name = re.search(r"{(\w+)}", path).group(1)  # type: ignore[union-attr]
    params = [
        p for op in path_item.values() if isinstance(op, dict) for p in op.get("parameters", [])
    ] + path_item.get("parameters", [])
    for param in params:
        if param.get("name") == name and param.get("in") == "path":
            found = re.match(r"\^(\w+?)_", param["schema"]["pattern"])
            return None if found is None else found.group(1)
    raise AssertionError(f"{path}: no schema for path parameter {name}")


def _body_for(op: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any] | None:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("required"):
        assert op["operationId"] in BODIES, f"add a probe body for {op['operationId']}"
        return BODIES[op["operationId"]]
    return {}


@pytest.fixture()
def spec(client: Any) -> dict[str, Any]:
    return dict(client.get("/openapi.json").json)


def test_tenant_b_cannot_reach_tenant_a_objects(
    spec: dict[str, Any], client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    a, b = ApiClient(client, tenant.api_key), ApiClient(client, other_tenant.api_key)
    objects: dict[str, str] = {}
    made: dict[str, Any] = {}
    probed = 0
    for path, method, op in spec_operations(spec):
        if "{" not in path:
            continue
        kind = _id_kind(spec["paths"][path], path, spec)
        if kind is None:
            continue
        assert kind in FACTORIES, f"{op['operationId']}: no factory for `{kind}_` ids"
        if kind not in objects:
            objects[kind] = FACTORIES[kind](a, made)
        url = re.sub(r"{\w+}", objects[kind], path.replace("{month}", THIS_MONTH))
        required = [p for p in op.get("parameters", []) if p["in"] == "query" and p.get("required")]
        if required:
            assert op["operationId"] in QUERIES, f"add a probe query for {op['operationId']}"
            url += "?" + QUERIES[op["operationId"]]
        before = a.get(url).json if "get" in spec["paths"][path] else None
        body = _body_for(op, spec)
        kwargs: dict[str, Any] = {"json": body} if body is not None else {}
        if method == "post":
            kwargs["headers"] = {"Idempotency-Key": str(uuid.uuid4())}
        resp = getattr(b, method)(url, **kwargs)
        assert resp.status_code == 404, f"{method.upper()} {path}: {resp.status_code} {resp.json}"
        assert resp.json["code"] == "resource_missing", f"{method.upper()} {path}"
        if before is not None:
            assert a.get(url).json == before, f"{method.upper()} {path} changed A's object"
        probed += 1
    assert probed >= 10  # the probe really ran over the id operations


def test_lists_never_show_another_tenants_rows(
    spec: dict[str, Any], client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    a, b = ApiClient(client, tenant.api_key), ApiClient(client, other_tenant.api_key)
    made: dict[str, Any] = {}
    mine = {tenant.id} | {factory(a, made) for factory in FACTORIES.values()}
    lists = 0
    for path, method, op in spec_operations(spec):
        if method != "get" or "{" in path:
            continue
        json = op["responses"]["200"]["content"].get("application/json")
        if json is None:  # a CSV export
            continue
        ok = json["schema"]
        name = ok.get("$ref", "").rsplit("/", 1)[-1]
        if "data" not in spec["components"]["schemas"].get(name, {}).get("properties", {}):
            continue
        text = b.get(f"{path}?limit=100").get_data(as_text=True)
        assert not [i for i in mine if i in text], f"GET {path} shows tenant A's rows to B"
        assert a.get(f"{path}?limit=100").status_code == 200
        lists += 1
    assert lists >= 5
