"""Workers over HTTP: registration, masking, dedup, filters, updates, validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.core.time import FrozenClock
from app.parties.identity import id_card_check_digit
from tests.helpers import ApiClient, assert_problem, id_card_number, mobile, worker_body

# Spaces (ASCII, tab, newline, the ideographic space of Chinese input methods) around a number
SURROUNDED = [" {}", "{} ", "\t{}\n", "\u3000{}"]


def test_create_worker_masks_id_card_and_payout(api: ApiClient) -> None:
    number = id_card_number()
    resp = api.post(
        "/v1/workers",
        worker_body(
            id_card_number=number,
            skills=["sewing", "sewing", "cutting"],
            payout_account={
                "kind": "wallet",
                "provider": "wechat",
                "account_reference": "wx_88881234",
            },
        ),
    )
    assert resp.status_code == 201, resp.json
    worker = resp.json
    assert worker["id"].startswith("wkr_")
    assert worker["id_card_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert "id_card_number" not in worker
    assert worker["payout_account"] == {
        "kind": "wallet",
        "provider": "wechat",
        "masked_reference": "*******1234",
    }
    assert worker["skills"] == ["sewing", "cutting"]
    assert number not in resp.get_data(as_text=True)
    fetched = api.get(f"/v1/workers/{worker['id']}")
    assert fetched.status_code == 200
    assert fetched.json == worker


def test_same_id_card_twice_is_409_with_existing_id(api: ApiClient) -> None:
    number = id_card_number()
    first = api.post("/v1/workers", worker_body(id_card_number=number)).json
    again = api.post("/v1/workers", worker_body(id_card_number=number.lower()))
    assert again.status_code == 409
    assert again.json["code"] == "worker_exists"
    assert again.json["existing_id"] == first["id"]


def test_invalid_id_card_is_422_naming_the_field(api: ApiClient) -> None:
    number = id_card_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    resp = api.post("/v1/workers", worker_body(id_card_number=wrong))
    assert resp.status_code == 422
    assert resp.content_type == "application/problem+json"
    assert resp.json["errors"][0]["field"] == "id_card_number"
    assert api.get("/v1/workers").json["data"] == []


@pytest.mark.parametrize("around", SURROUNDED)
@pytest.mark.parametrize("field", ["id_card_number", "mobile"])
def test_numbers_with_spaces_around_them_are_422_on_create_and_update(
    api: ApiClient, field: str, around: str
) -> None:
    """Numbers are kept as sent, never trimmed: spaces around one are a 422 on that field,
    the same for ID cards and mobiles, on create and on update (once a 500)."""
    number = around.format({"id_card_number": id_card_number(), "mobile": mobile()}[field])
    body = assert_problem(
        api.post("/v1/workers", worker_body(**{field: number})), 422, "validation_error"
    )
    assert body["param"] == field
    assert "space" in body["errors"][0]["message"]
    assert api.get("/v1/workers").json["data"] == []
    worker = api.post("/v1/workers", worker_body()).json
    resp = api.patch(f"/v1/workers/{worker['id']}", {field: number})
    assert assert_problem(resp, 422, "validation_error")["param"] == field
    assert api.get(f"/v1/workers/{worker['id']}").json == worker
    resp = api.get("/v1/workers", query_string={"mobile": number})
    if field == "mobile":
        assert assert_problem(resp, 422, "validation_error")["errors"][0]["location"] == "query"


def test_update_worker_fields_and_payout_account(api: ApiClient) -> None:
    worker = api.post("/v1/workers", worker_body(metadata={"a": "1"})).json
    changed = api.patch(
        f"/v1/workers/{worker['id']}",
        {
            "mobile": "+8613900001111",
            "skills": ["welding"],
            "payout_account": {
                "kind": "bank_account",
                "provider": "icbc",
                "account_reference": "6222020200112233",
            },
            "metadata": {"b": "2"},
        },
    )
    assert changed.status_code == 200, changed.json
    body = changed.json
    assert body["mobile"] == "13900001111"
    assert body["payout_account"]["masked_reference"] == "************2233"
    assert body["metadata"] == {"a": "1", "b": "2"}
    cleared = api.patch(f"/v1/workers/{worker['id']}", {"payout_account": None}).json
    assert cleared["payout_account"] is None


def test_correcting_the_id_card_number_rechecks_duplicates(api: ApiClient) -> None:
    first = api.post("/v1/workers", worker_body()).json
    second_number = id_card_number()
    second = api.post("/v1/workers", worker_body(id_card_number=second_number)).json
    new_number = id_card_number()
    fixed = api.patch(f"/v1/workers/{first['id']}", {"id_card_number": new_number})
    assert fixed.json["id_card_masked"].endswith(new_number[-4:])
    clash = api.patch(f"/v1/workers/{first['id']}", {"id_card_number": second_number})
    assert clash.status_code == 409 and clash.json["existing_id"] == second["id"]


def test_worker_filters(api: ApiClient) -> None:
    welder = api.post(
        "/v1/workers", worker_body(name="Wang Welder", skills=["welding", "cutting"])
    ).json
    api.post("/v1/workers", worker_body(name="Li Sewer", skills=["sewing"]))
    assert [w["id"] for w in api.get("/v1/workers?skill=welding").json["data"]] == [welder["id"]]
    assert [w["id"] for w in api.get("/v1/workers?name=welder").json["data"]] == [welder["id"]]
    by_mobile = api.get(f"/v1/workers?mobile={welder['mobile']}").json["data"]
    assert [w["id"] for w in by_mobile] == [welder["id"]]
    assert api.get("/v1/workers?skill=weld").json["data"] == []


def test_personal_numbers_are_encrypted_at_rest(app: Any, api: ApiClient, tenant: Any) -> None:
    from sqlalchemy import select

    from app.parties.models import Worker

    number = id_card_number()
    worker = api.post(
        "/v1/workers",
        worker_body(
            id_card_number=number,
            payout_account={
                "kind": "wallet",
                "provider": "alipay",
                "account_reference": "alipay-7788990011",
            },
        ),
    ).json
    with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        row = session.scalars(select(Worker).where(Worker.id == worker["id"])).one()
        stored = " ".join(str(v) for v in vars(row).values())
        assert number not in stored and "alipay-7788990011" not in stored
        from app.parties.service import reveal_id_card

        assert reveal_id_card(session, row) == number


def born_on(day: dt.date, serial: int = 123) -> str:
    first17 = f"440106{day:%Y%m%d}{serial:03d}"
    return first17 + id_card_check_digit(first17)


def test_a_birth_date_is_checked_against_the_tenants_calendar_day(
    api: ApiClient, clock: FrozenClock
) -> None:
    """At 16:30 UTC it is already tomorrow in Shanghai: a worker born "tomorrow" (in UTC)
    is born today for a Shanghai tenant, and not yet for a tenant on UTC."""
    evening = dt.datetime.combine(clock.now().date(), dt.time(16, 30), dt.UTC)
    if evening < clock.now():
        evening += dt.timedelta(days=1)
    clock.set(evening)
    shanghai_today = evening.date() + dt.timedelta(days=1)
    made = api.post("/v1/workers", worker_body(id_card_number=born_on(shanghai_today)))
    assert made.status_code == 201, made.json  # the default zone, Asia/Shanghai

    assert api.patch("/v1/tenant", {"time_zone": "UTC"}).status_code == 200
    refused = assert_problem(
        api.post("/v1/workers", worker_body(id_card_number=born_on(shanghai_today))),
        422,
        "validation_error",
    )
    assert refused["errors"][0]["field"] == "id_card_number"
    assert "birth date" in refused["errors"][0]["message"]
    other = born_on(shanghai_today, serial=124)
    refused = api.patch(f"/v1/workers/{made.json['id']}", {"id_card_number": other})
    assert_problem(refused, 422, "validation_error")
    assert refused.json["errors"][0]["field"] == "id_card_number"
    clock.advance(hours=8)  # midnight in UTC: born today there too
    assert api.patch(f"/v1/workers/{made.json['id']}", {"id_card_number": other}).status_code == 200
