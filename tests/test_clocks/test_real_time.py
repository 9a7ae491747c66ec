"""What a test clock does not move: the lifetimes of credentials, of webhook secrets' overlaps
and of stored Idempotency-Key responses run on real time, so an advanced clock neither locks
the tenant out, nor makes a one-hour token live for years, nor lets a replayed key move money
twice (all three were found by the review of the integrator-experience work). And no clock
goes where the calendar cannot follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.time import SYSTEM
from tests.helpers import ApiClient, assert_problem, basic
from tests.test_clocks.conftest import Clocked
from tests.work.conftest import MARCH, at

LATER = at(MARCH, 6) + dt.timedelta(days=45)


def test_an_idempotency_key_replays_after_the_clock_moved_on(clocked: Clocked) -> None:
    api, key = clocked.api, {"Idempotency-Key": "deposit-for-invoice-42"}
    body = {"employer_id": clocked.money.employer_id, "amount": 50_000, "currency": "CNY"}
    first = api.post("/v1/escrow/deposits", body, headers=key)
    assert first.status_code == 201, first.json
    clocked.advance(LATER)
    again = api.post("/v1/escrow/deposits", body, headers=key)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json["id"] == first.json["id"]
    deposits = api.get("/v1/escrow/deposits?limit=100").json["data"]
    assert [d["id"] for d in deposits if d["amount"] == 50_000] == [first.json["id"]]


def test_a_key_expiring_in_30_real_days_outlives_a_45_day_advance(
    client: Any, clocked: Clocked
) -> None:
    expires = SYSTEM.now() + dt.timedelta(days=30)
    made = clocked.api.post(
        "/v1/api-keys", {"name": "month", "scopes": ["admin"], "expires_at": expires.isoformat()}
    )
    assert made.status_code == 201, made.json
    month = ApiClient(client, made.json["secret"])
    moved = month.post(
        f"/v1/test-clocks/{clocked.clock_id}/advance", {"frozen_time": LATER.isoformat()}
    )
    assert moved.status_code == 200, moved.json
    assert month.get("/v1/test-clocks").status_code == 200  # not api_key_expired
    assert month.delete(f"/v1/test-clocks/{clocked.clock_id}").status_code == 204


def test_tokens_and_rotation_overlaps_last_their_real_time(client: Any, clocked: Clocked) -> None:
    api = clocked.api
    clocked.advance(LATER)
    made = api.post("/v1/oauth-clients", {"name": "payroll", "scopes": ["parties:read"]}).json
    form, auth = (
        {"grant_type": "client_credentials"},
        basic(made["client_id"], made["client_secret"]),
    )
    token = client.post("/oauth/token", data=form, headers=auth).json
    real = SYSTEM.now().timestamp()
    info = client.post(
        "/oauth/introspect",
        data={"token": token["access_token"]},
        headers=auth,
    ).json
    assert info["active"] is True
    assert real + 3500 < info["exp"] <= real + 3600 + 5  # an hour from now, not from 2027
    rotated = api.post(f"/v1/api-keys/{_admin_key_id(api)}/rotate", {"overlap_seconds": 60})
    assert rotated.status_code == 201, rotated.json
    old_expires = dt.datetime.fromisoformat(
        api.get(f"/v1/api-keys/{_admin_key_id(api, rotated=True)}").json["expires_at"]
    )
    assert old_expires - SYSTEM.now() < dt.timedelta(seconds=61)


def _admin_key_id(api: ApiClient, rotated: bool = False) -> str:
    keys = api.get("/v1/api-keys?limit=100").json["data"]
    return next(k["id"] for k in keys if (k.get("rotated_to") is not None) == rotated)


def test_no_clock_starts_more_than_two_years_ahead_or_goes_past_2100(
    api: ApiClient, clocked: Clocked
) -> None:
    path = f"/v1/test-clocks/{clocked.clock_id}"
    assert api.delete(path).status_code == 204
    far = SYSTEM.now() + dt.timedelta(days=800)
    for when in (far, dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)):
        problem = assert_problem(
            api.post("/v1/test-clocks", {"frozen_time": when.isoformat()}), 422, "validation_error"
        )
        assert [e["field"] for e in problem["errors"]] == ["frozen_time"]
