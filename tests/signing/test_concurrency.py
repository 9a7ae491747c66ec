"""Concurrency on PostgreSQL, with real connections: wrong codes raced against the lock,
parallel last signatures, parallel rescissions."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.signing import links
from tests.helpers import ApiClient, new_tenant
from tests.signing.conftest import CONSENT, contract, parties, sign, signer_id, trail

pytestmark = pytest.mark.postgres


@pytest.fixture()
def api(pg_app: Any) -> ApiClient:
    return ApiClient(pg_app.test_client(), new_tenant(pg_app).api_key)


def race(n: int, fn: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_racing_wrong_codes_cannot_pass_the_lock(pg_app: Any, api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    body = {"signer_id": signer_id(made, employer)}
    link = api.post(f"/v1/contracts/{made['id']}/signing-links", body).json
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1] + "?lang=en"
    n = 30
    guesses = [f"{(int(link['code']) + i + 1) % 10**6:06d}" for i in range(n - 1)]
    guesses.append(link["code"])  # the right code comes with the flood

    def post(i: int) -> str:
        answer = pg_app.test_client().post(path, data={"code": guesses[i], "agree": "yes"})
        return str(answer.status_code)

    outcomes = Counter(race(n, post))
    [listed] = api.get(f"/v1/contracts/{made['id']}/signing-links").json["data"]
    signed = api.get(f"/v1/contracts/{made['id']}").json["status"] == "partially_signed"
    # at most MAX_ATTEMPTS wrong codes were judged; then the link is locked for every code
    assert outcomes["422"] <= links.MAX_ATTEMPTS - 1
    if signed:  # the right code was judged before the fifth wrong one
        assert listed["status"] == "used" and listed["failed_attempts"] < links.MAX_ATTEMPTS
    else:
        assert listed["status"] == "locked" and listed["failed_attempts"] == links.MAX_ATTEMPTS


def test_parallel_last_signatures_complete_once(api: ApiClient) -> None:
    first, second, worker = parties(api, workers=1, employers=2)
    made = contract(api, [(first, "a", 1), (second, "b", 1), (worker, "c", 1)])
    sign(api, made, first)
    client = api.client

    def go(i: int) -> int:
        party = (second, worker)[i]
        body = {"signer_id": signer_id(made, party), "consent": CONSENT}
        resp = ApiClient(client, api.token).post(f"/v1/contracts/{made['id']}/signatures", body)
        return int(resp.status_code)

    assert sorted(race(2, go)) in ([201, 201], [201, 503])  # 503: collided, retry
    shown = trail(api, made["id"])
    assert shown["intact"] and [e["seq"] for e in shown["data"]] == list(
        range(1, len(shown["data"]) + 1)
    )
    actions = [e["action"] for e in shown["data"]]
    assert actions.count("completed") <= 1


def test_parallel_rescissions_start_one(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 1)])
    sign(api, made, employer)
    sign(api, made, worker)

    def go(_: int) -> int:
        resp = ApiClient(api.client, api.token).post(
            f"/v1/contracts/{made['id']}/rescind", {"reason": "双方同意"}
        )
        return int(resp.status_code)

    codes = Counter(race(5, go))
    assert codes[201] == 1 and codes[201] + codes[409] + codes[503] == 5
