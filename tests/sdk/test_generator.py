"""openapi/generate_sdk_resources.py: how an operation of the spec is named in the SDK."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.live import ROOT


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_sdk_resources", ROOT / "openapi" / "generate_sdk_resources.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


generator = _generator()


@pytest.mark.parametrize(
    ("operation_id", "path", "resource"),
    [
        ("list_workers", "/v1/workers", ("workers", "list")),
        ("get_payout", "/v1/payouts/{payout_id}", ("payouts", "get")),
        ("create_hold", "/v1/escrow/holds", ("holds", "create")),
        ("release_hold", "/v1/escrow/holds/{hold_id}/release", ("holds", "release")),
        (
            "list_signing_links",
            "/v1/contracts/{contract_id}/signing-links",
            ("signing_links", "list"),
        ),
        ("list_insurance_claims", "/v1/insurance/claims", ("insurance_claims", "list")),
        ("get_tenant", "/v1/tenant", ("tenant", "get")),
        # a route added later is named by the same rule (issue 15's test clocks)
        (
            "advance_test_clock",
            "/v1/test-clocks/{test_clock_id}/advance",
            ("test_clocks", "advance"),
        ),
        ("mark_no_show", "/v1/shifts/{shift_id}/no-show", None),
        ("clock_in", "/v1/shifts/{shift_id}/clock-in", None),
        ("issue_token", "/oauth/token", None),
    ],
)
def test_an_operation_gets_a_resource_name_when_its_name_says_its_collection(
    operation_id: str, path: str, resource: tuple[str, str] | None
) -> None:
    op = generator.Operation(
        tag="any", operation_id=operation_id, http_method="GET", path=path, summary="",
        positional=[], keywords=[], body_model=None, body_fields=[], body_param=None,
        idempotent=False, returns="None", item=None,
    )  # fmt: skip
    assert generator.resource_of(op) == resource


def test_every_operation_of_the_spec_is_read_and_named_once_per_namespace() -> None:
    import json

    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    operations = generator.operations_of(spec)
    spaces = generator.namespaces(operations)
    by_tag = {(op.tag, op.operation_id) for op in operations}
    assert {(space, name) for space, methods in spaces.items() for name in methods} >= by_tag
    create_hold = spaces["escrow"]["create_hold"]
    assert create_hold.body_model == "m.HoldCreate" and create_hold.idempotent
    assert [p.name for p in create_hold.keywords][:3] == ["employer_id", "amount", "currency"]
    assert spaces["workers"]["list"].item == "m.Worker"
