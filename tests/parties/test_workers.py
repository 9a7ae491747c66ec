"""Workers over HTTP: registration, masking, dedup, filters, updates, validation."""

from __future__ import annotations

from tests.helpers import ApiClient, id_card_number, worker_body


def test_create_worker_masks_id_card_and_payout(api: ApiClient) -> None:
    number = id_card_number()
    resp = api.post(
        "/v1/workers",
        worker_body(
            id_card_number=number,
            skills=["sewing", "sewing", "cutting"],
            payout_account={"kind": "wallet", "provider": "wechat", "account_reference": "wx_88881234"},
        ),
    )
    assert resp.status_code == 201, resp.json
    worker = resp.json
    assert worker["id"].startswith("wkr_")
    assert worker["id_card_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert "id_card_number" not in worker
    assert worker["payout_account"] == {
        "kind": "wallet", "provider": "wechat", "masked_reference": "*******1234"
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
