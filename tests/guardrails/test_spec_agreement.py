"""The spec's rules and the server's, at their edges.

For values just inside and just outside a documented rule, the spec (read as JSON Schema,
as fuzzers and validators read it: a `pattern` matches anywhere unless anchored, and the
`x-propertyNames` that stands in for OpenAPI 3.0's missing `propertyNames` counts) and the
server give the same verdict. A pattern the two read differently, or a rule the server
keeps to itself, breaks the contract the SDK and the fuzzers rely on. Rules across fields
or rows (a template's placeholders, https in live mode) are out of scope here.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest

from tests.helpers import ApiClient, worker_body
from tests.signing.conftest import GIG_VARIABLES, contract_body, parties


def spec_schema(app: Any, schema: str, prop: str) -> dict[str, Any]:
    spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return _as_json_schema(spec["components"]["schemas"][schema]["properties"][prop])


def _as_json_schema(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            ("propertyNames" if k == "x-propertyNames" else k): _as_json_schema(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_as_json_schema(v) for v in node]
    return node


def spec_accepts(schema: dict[str, Any], value: Any) -> bool:
    return bool(jsonschema_rs.Draft7Validator(schema).is_valid(value))


def test_every_pattern_in_the_spec_is_anchored(app: Any) -> None:
    """The server matches whole values (`core.schemas.Pattern`); JSON Schema matches
    anywhere. Anchored (and with no top-level `|`), both read a pattern alike."""
    spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    patterns: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    patterns.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert len(patterns) > 20
    loose = [p for p in patterns if not _anchored(p)]
    assert loose == [], loose


def _anchored(pattern: str) -> bool:
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return False
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
    return True


URLS = [
    ("https://example.com/hook", True),
    ("http://example.com:8080/a?b=c", True),
    ("see https://example.com", False),
    ("https://example.com/a b", False),
    ("https://example.com/#fragment", False),
    ("https://user@example.com", False),
    ("https://example.com/\n", False),
]
EVENT_TYPES = [
    (["payout.*"], True),
    (["*"], True),
    (["payout.paid", "escrow.hold.*"], True),
    (["x*"], False),
    (["payout.paid!"], False),
    (["payout.*.paid"], False),
    (["Payout.paid"], False),
]


@pytest.mark.parametrize(
    "prop, value, valid",
    [("url", v, ok) for v, ok in URLS] + [("event_types", v, ok) for v, ok in EVENT_TYPES],
)
def test_webhook_endpoint_url_and_event_types(
    app: Any, api: ApiClient, prop: str, value: Any, valid: bool
) -> None:
    body = {"url": "https://example.com/hook", "event_types": ["*"], prop: value}
    resp = api.post("/v1/webhook-endpoints", body)
    assert resp.status_code == (201 if valid else 422), resp.get_data(as_text=True)
    assert spec_accepts(spec_schema(app, "WebhookEndpointCreate", prop), value) is valid


METADATA = [
    ({"order": "A-1"}, True),
    ({"k" * 40: "v"}, True),
    ({f"k{i}": "v" for i in range(50)}, True),
    ({"a": "x" * 500}, True),
    ({"": "v"}, False),
    ({"k" * 41: "v"}, False),
    ({"a[b]": "v"}, False),
    ({"a\tb": "v"}, False),
    ({f"k{i}": "v" for i in range(51)}, False),
    ({"a": "x" * 501}, False),
    ({"a": "x\x00"}, False),
    ({"a": 1}, False),
]


@pytest.mark.parametrize("metadata, valid", METADATA)
def test_metadata_keys_and_values(
    app: Any, api: ApiClient, metadata: dict[str, Any], valid: bool
) -> None:
    resp = api.post("/v1/workers", worker_body(metadata=metadata))
    assert resp.status_code == (201 if valid else 422), resp.get_data(as_text=True)
    assert spec_accepts(spec_schema(app, "WorkerCreate", "metadata"), metadata) is valid
    assert spec_accepts(spec_schema(app, "WorkerUpdate", "metadata"), metadata) is valid


VARIABLES = [
    ({}, True),
    ({"Wage": 1}, False),
    ({"wage-1": 1}, False),
    ({"w" * 41: 1}, False),
    ({"wage": True}, False),
    ({"wage": 1.5}, False),
    ({"wage": 10**15 + 1}, False),
    ({"job": None}, False),
    ({"job": ["装卸工"]}, False),
    ({"job": ""}, False),
    ({"job": "x" * 501}, False),
    ({f"v{i}": 1 for i in range(101)}, False),
]


@pytest.mark.parametrize("changes, valid", VARIABLES)
def test_contract_variables(app: Any, api: ApiClient, changes: dict[str, Any], valid: bool) -> None:
    """The built-in template's variables, changed: what the spec refuses the server
    refuses. (Which names a template has is the template's rule, not the spec's.)"""
    variables = {**GIG_VARIABLES, **changes}
    employer, worker = parties(api)
    signers = [(employer, "employer", 1), (worker, "worker", 2)]
    body = contract_body(api, signers, variables=variables)
    resp = api.post("/v1/contracts", body)
    assert resp.status_code == (201 if valid else 422), resp.get_data(as_text=True)
    assert spec_accepts(spec_schema(app, "ContractCreate", "variables"), variables) is valid
    if not valid:
        fields = {e["field"] for e in resp.json["errors"]}
        assert any(re.match(r"variables(\.|$)", f) for f in fields), fields
