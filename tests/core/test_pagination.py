"""Cursor pagination: complete, ordered, and stable while rows are being inserted."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.pagination import decode_cursor, encode_cursor
from tests.helpers import ApiClient, worker_body


def _all_pages(api: ApiClient, path: str, limit: int) -> list[list[str]]:
    pages, url = [], f"{path}?limit={limit}"
    while True:
        body = api.get(url).json
        pages.append([item["id"] for item in body["data"]])
        assert body["has_more"] == (body["next_cursor"] is not None)
        if not body["has_more"]:
            return pages
        url = f"{path}?limit={limit}&cursor={body['next_cursor']}"


def test_pages_cover_everything_newest_first(api: ApiClient) -> None:
    ids = [api.post("/v1/workers", worker_body()).json["id"] for _ in range(7)]
    pages = _all_pages(api, "/v1/workers", 3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for page in pages for i in page] == list(reversed(ids))
    assert api.get("/v1/workers").json["has_more"] is False  # default limit 20


def test_inserts_between_pages_neither_repeat_nor_skip(api: ApiClient) -> None:
    before = [api.post("/v1/workers", worker_body()).json["id"] for _ in range(6)]
    first = api.get("/v1/workers?limit=2").json
    for _ in range(3):
        api.post("/v1/workers", worker_body())
    seen = [w["id"] for w in first["data"]]
    cursor = first["next_cursor"]
    while cursor:
        body = api.get(f"/v1/workers?limit=2&cursor={cursor}").json
        seen += [w["id"] for w in body["data"]]
        cursor = body["next_cursor"]
    assert seen == list(reversed(before))


@given(
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    st.text(alphabet="0123456789abcdefghjkmnpqrstvwxyz", min_size=26, max_size=26),
)
def test_cursor_round_trips(when: dt.datetime, body: str) -> None:
    assert decode_cursor(encode_cursor(when, f"wkr_{body}")) == (when, f"wkr_{body}")


@pytest.mark.parametrize(
    "token",
    ["", "x", "%%%", "bnVsbA", "WzEsMl0", "WyJ4IiwieSJd", "W251bGwsbnVsbF0", "a" * 300],
)
def test_garbage_cursors_are_refused(token: str) -> None:
    with pytest.raises(ValueError):
        decode_cursor(token)
