"""What /docs (Swagger UI) shows and can do, read from the spec the app serves: a way to get a
token, lists not filtered by an example, realistic objects, each operation's scope, one
problem schema."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.openapi_examples import EXAMPLES
from app.tenants.scopes import SCOPES
from tests.helpers import spec_operations

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture(scope="module")
def spec(app: Any) -> dict[str, Any]:
    return dict(app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict())


def test_docs_can_get_a_token_with_client_credentials(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    flow = schemes["oauth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token" and flow["scopes"] == SCOPES
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    for path, method, op in spec_operations(spec):
        if path.startswith("/v1/") and op["security"]:  # (not the public ones)
            scopes = sorted(op.get("x-required-scopes", []))
            assert op["security"] == [{"bearerAuth": []}, {"oauth2": scopes}], (method, path)
    # Swagger UI's token request sends `scope=` when no scope is ticked: see
    # test_an_empty_scope_field_asks_for_every_scope_of_the_client (tests/tenants/)


def test_no_query_parameter_has_an_example_that_would_filter_a_list(
    spec: dict[str, Any],
) -> None:
    """Swagger UI pre-fills "Try it out" with an example: `GET /v1/workers` was silently
    filtered by `mobile=13800138000`."""
    prefilled = [
        (method, path, p["name"])
        for path, method, op in spec_operations(spec)
        for p in op.get("parameters", [])
        if p["in"] == "query" and ("example" in p or "example" in p.get("schema", {}))
    ]
    assert prefilled == []
    mobile = spec["components"]["schemas"]["WorkerCreate"]["properties"]["mobile"]
    assert mobile["example"] == "13800138000"  # bodies keep theirs


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_main_objects_have_realistic_examples(spec: dict[str, Any], name: str) -> None:
    schemas = spec["components"]["schemas"]
    example = schemas[name]["example"]
    assert example == EXAMPLES[name]
    assert _mismatches(schemas, {"$ref": f"#/components/schemas/{name}"}, example, name) == []
    assert "string" not in repr(example)


def test_the_examples_tell_one_280_cny_day() -> None:
    wage = 28000  # 280.00 CNY in fen
    for name in ("HoldCreate", "Hold", "ReleaseCreate", "Release", "PayoutCreate", "Payout"):
        assert EXAMPLES[name]["amount"] == wage, name
    assert EXAMPLES["Shift"]["expected_amount"] == wage
    assert EXAMPLES["Engagement"]["pay"] == {"basis": "daily", "rate": "280.00"}
    assert EXAMPLES["Release"]["hold_id"] == EXAMPLES["Hold"]["id"] == EXAMPLES["Shift"]["hold_id"]
    assert EXAMPLES["Payout"]["worker_id"] == EXAMPLES["Worker"]["id"]


def test_each_operation_says_the_scope_it_requires(spec: dict[str, Any]) -> None:
    for path, method, op in spec_operations(spec):
        description = op.get("description", "")
        scopes = op.get("x-required-scopes")
        if scopes:
            named = ", ".join(f"`{s}`" for s in scopes)
            assert description.endswith(f"**Required scope:** {named}."), (method, path)
        elif op["security"] == [] and path.startswith("/v1/"):
            assert description.endswith("**Credential:** none (public)."), (method, path)
        elif path.startswith("/v1/"):
            assert "**Required scope:** none" in description, (method, path)
    release = spec["paths"]["/v1/escrow/holds/{hold_id}/release"]["post"]["description"]
    assert release.endswith("**Required scope:** `escrow:write`.")


def test_every_error_response_references_the_one_problem_schema(spec: dict[str, Any]) -> None:
    problems = [n for n in spec["components"]["schemas"] if re.fullmatch(r"Problem\d*", n)]
    assert problems == ["Problem"]
    for path, method, op in spec_operations(spec):
        for status, response in op["responses"].items():
            if int(status) < 400:
                continue
            assert response["x-error-codes"], (method, path, status)
            assert all(f"`{c}`" in response["description"] for c in response["x-error-codes"])
            (media,) = response["content"].items()
            assert media[0] == "application/problem+json" and media[1]["schema"] == PROBLEM_REF
            example = media[1]["example"]  # what /docs shows instead of "string"
            assert example["code"] in response["x-error-codes"], (method, path, status)
            assert example["status"] == int(status) and example["detail"]
    release = spec["paths"]["/v1/escrow/holds/{hold_id}/release"]["post"]["responses"]
    assert release["409"]["content"]["application/problem+json"]["example"]["code"] == (
        "hold_not_active"  # the operation's own code, not the generic `conflict`
    )


# --- a small JSON Schema (OpenAPI 3.0 subset) check of the examples ----------------------

_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def _mismatches(schemas: dict[str, Any], schema: dict[str, Any], value: Any, at: str) -> list[str]:
    if "$ref" in schema:
        return _mismatches(schemas, schemas[schema["$ref"].rsplit("/", 1)[1]], value, at)
    if value is None:
        return [] if schema.get("nullable") else [f"{at}: null"]
    found = [m for part in schema.get("allOf", []) for m in _mismatches(schemas, part, value, at)]
    kind = schema.get("type")
    if (kind and not isinstance(value, _TYPES[kind])) or (kind != "boolean" and value is True):
        return [*found, f"{at}: not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} not in enum")
    if "pattern" in schema and not re.fullmatch(schema["pattern"].strip("^$"), value):
        found.append(f"{at}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{at}.{k}: required" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in properties:
                found += _mismatches(schemas, properties[key], item, f"{at}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{at}.{key}: not a property")
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += _mismatches(schemas, schema.get("items", {}), item, f"{at}[{i}]")
    return found
