"""Structured logs carry request id and tenant, and never secrets or personal numbers."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from app.core.logging import JsonFormatter, scrub
from tests.helpers import ApiClient, TenantHandle, basic, id_card_number, worker_body


def test_request_log_line_has_ids_and_no_personal_data(
    api: ApiClient, client: Any, tenant: TenantHandle, caplog: pytest.LogCaptureFixture
) -> None:
    number = id_card_number()
    client_id, secret = tenant.oauth_client(["parties:read"])
    with caplog.at_level(logging.INFO):
        created = api.post(
            "/v1/workers?debug=" + number,
            worker_body(
                id_card_number=number,
                payout_account={
                    "kind": "bank_account",
                    "provider": "icbc",
                    "account_reference": "6222020200112233",
                },
            ),
            headers={"X-Request-Id": "client-42"},
        )
        client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers=basic(client_id, secret),
        )
        api.get("/v1/workers/wkr_01m8gz25snks61v3wh3fvewxzv")
    assert created.status_code == 201
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    text = "\n".join(lines)
    for forbidden in (number, tenant.api_key, secret, "6222020200112233"):
        assert forbidden not in text
    entries = [json.loads(line) for line in lines if '"request"' in line]
    first = entries[0]
    assert first["request_id"] == created.headers["Request-Id"]
    assert first["client_request_id"] == "client-42"
    assert first["tenant_id"] == tenant.id
    assert first["route"] == "/v1/workers"
    assert first["status"] == 201
    assert isinstance(first["duration_ms"], float)


def test_scrub_masks_leaked_secrets_and_id_numbers() -> None:
    number = id_card_number()
    line = f"oops gk_live_AbCdEf1234567890 and {number} in a message"
    cleaned = scrub(line)
    assert "gk_live_AbCdEf1234567890" not in cleaned and number not in cleaned
    assert number[:4] + "**********" + number[-4:] in cleaned
