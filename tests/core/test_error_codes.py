"""Error codes: one class per code, declared per operation, listed in the spec and the docs,
and an operation answering a code it does not declare is caught."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import g

from app.core import error_codes
from app.core.error_codes import Declaration, Traits, check_answer, table, write_table
from app.core.errors import REGISTRY, AppError, Conflict, NotFound
from app.core.problems import render_app_error
from app.escrow.errors import HoldNotActive, InsufficientEscrowBalance
from app.ledger.errors import InsufficientBalance
from tests.helpers import ApiClient, assert_problem, worker_body

DOC = Path(__file__).resolve().parents[2] / "docs" / "errors-and-idempotency.md"
GET = Traits(method="GET", public=False, parses_input=False, json=True, idempotency_key="none")


def _spec(app: Any) -> dict[str, Any]:
    return dict(app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict())


def _codes(app: Any, path: str, method: str) -> dict[str, list[str]]:
    responses = _spec(app)["paths"][path][method]["responses"]
    return {s: r["x-error-codes"] for s, r in responses.items() if int(s) >= 400}


def test_a_code_belongs_to_one_class() -> None:
    with pytest.raises(TypeError, match="hold_not_active"):
        type("AnotherHoldNotActive", (Conflict,), {"code": "hold_not_active"})
    assert REGISTRY["hold_not_active"] is HoldNotActive
    assert InsufficientBalance.named("insufficient_escrow_balance") is InsufficientEscrowBalance
    with pytest.raises(LookupError):
        InsufficientBalance.named("hold_not_active")  # registered, but not a balance error


def test_only_registered_error_classes_can_be_declared() -> None:
    class Unnamed(NotFound):
        """Inherits resource_missing: it has no code of its own."""

    for wrong in (404, Unnamed, ValueError):
        with pytest.raises(TypeError):
            Declaration.of("get_thing", GET, [wrong])  # type: ignore[list-item]


def test_generic_codes_come_from_the_rules(app: Any) -> None:
    hold = _codes(app, "/v1/escrow/holds", "post")  # a money-moving POST
    assert hold["402"] == ["insufficient_escrow_balance"]
    assert "idempotency_key_required" in hold["400"] and "malformed_json" in hold["400"]
    assert hold["503"] == ["service_unavailable", "transient_conflict"]
    assert "token_expired" in hold["401"] and hold["403"] == ["insufficient_scope"]
    worker = _codes(app, "/v1/workers/{worker_id}", "get")  # no parameters to validate
    assert "422" not in worker and "400" not in worker and worker["404"] == ["resource_missing"]
    assert _codes(app, "/v1/workers", "get")["422"] == ["validation_error"]
    token = _codes(app, "/oauth/token", "post")  # form-encoded, public, no Idempotency-Key
    assert "422" not in token and "403" not in token
    assert {"invalid_request", "invalid_scope", "unsupported_grant_type"} <= set(token["400"])
    assert token["401"] == ["invalid_client"]


def test_the_docs_table_of_codes_is_the_registry_s(app: Any) -> None:
    text = DOC.read_text()
    committed = text.split(error_codes.START)[1].split(error_codes.END)[0].strip()
    assert committed == table(_spec(app)), "stale: run `gigkit error-codes` (or `make openapi`)"
    for code in ("hold_not_active", "token_expired", "uri_too_long", "not_ready"):
        assert f"`{code}`" in committed


def test_a_stale_table_is_rewritten(app: Any, tmp_path: Path) -> None:
    doc = tmp_path / "errors.md"
    doc.write_text(DOC.read_text().replace("| `hold_not_active` |", "| `hold_inactive` |"))
    assert write_table(doc, _spec(app)) is True
    assert doc.read_text() == DOC.read_text()
    assert write_table(doc, _spec(app)) is False


def test_an_undeclared_answer_is_recorded_and_logged(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    declaration = Declaration.of("get_thing", GET, [NotFound])
    with app.test_request_context("/v1/things/1"), caplog.at_level(logging.WARNING):
        g.gigkit_declaration = declaration
        check_answer(render_app_error(NotFound()))
        check_answer(render_app_error(AppError.named("service_unavailable")()))
        assert not {a for a in error_codes.UNDECLARED if a[0] == "get_thing"}
        check_answer(render_app_error(HoldNotActive()))
    try:
        assert ("get_thing", 409, "hold_not_active") in error_codes.UNDECLARED
        assert "get_thing answered 409 hold_not_active" in caplog.text
    finally:
        error_codes.UNDECLARED.discard(("get_thing", 409, "hold_not_active"))


def test_the_pipeline_checks_what_a_real_operation_answers(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service raising a class its route does not declare: the client still gets the
    problem, and the check names the operation (the suite then fails the test)."""
    from app.parties import service

    worker = api.post("/v1/workers", worker_body()).json

    def planted(*args: Any, **kwargs: Any) -> Any:
        raise HoldNotActive()

    monkeypatch.setattr(service, "get_worker", planted)
    planted_answer = ("get_worker", 409, "hold_not_active")
    try:
        assert_problem(api.get(f"/v1/workers/{worker['id']}"), 409, "hold_not_active")
        assert planted_answer in error_codes.UNDECLARED
    finally:
        error_codes.UNDECLARED.discard(planted_answer)
