"""Employers over HTTP."""

from __future__ import annotations

import pytest

from tests.helpers import ApiClient, assert_problem, credit_code, employer_body


def test_register_get_update_employer(api: ApiClient) -> None:
    code = credit_code()
    resp = api.post(
        "/v1/employers",
        employer_body(
            credit_code=code.lower(),
            contact={"name": "李老板", "phone": "+86 20 8600 0000", "email": "boss@example.cn"},
            sites=[{"name": "Workshop 3", "address": "Shiling"}],
            metadata={"market_ref": "SL-001"},
        ),
    )
    assert resp.status_code == 201, resp.json
    employer = resp.json
    assert employer["id"].startswith("emp_")
    assert employer["credit_code"] == code
    assert employer["contact"]["email"] == "boss@example.cn"
    updated = api.patch(
        f"/v1/employers/{employer['id']}",
        {"name": "狮岭皮具二厂", "metadata": {"market_ref": "", "region": "huadu"}},
    ).json
    assert updated["name"] == "狮岭皮具二厂"
    assert updated["metadata"] == {"region": "huadu"}
    assert updated["sites"] == employer["sites"]
    assert api.get(f"/v1/employers/{employer['id']}").json == updated


def test_duplicate_credit_code_is_409(api: ApiClient) -> None:
    code = credit_code()
    first = api.post("/v1/employers", employer_body(credit_code=code)).json
    again = api.post("/v1/employers", employer_body(credit_code=code))
    assert again.status_code == 409
    assert again.json["code"] == "employer_exists"
    assert again.json["existing_id"] == first["id"]
    other = api.post("/v1/employers", employer_body()).json
    clash = api.patch(f"/v1/employers/{other['id']}", {"credit_code": code})
    assert clash.status_code == 409 and clash.json["existing_id"] == first["id"]


def test_invalid_credit_code_and_contact_are_422(api: ApiClient) -> None:
    code = credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    resp = api.post("/v1/employers", employer_body(credit_code=wrong))
    assert resp.status_code == 422 and resp.json["param"] == "credit_code"
    resp = api.post("/v1/employers", employer_body(contact={"email": "not-an-email"}))
    assert resp.status_code == 422 and resp.json["param"] == "contact.email"
    resp = api.post("/v1/employers", employer_body(metadata={f"k{i}": "v" for i in range(51)}))
    assert resp.status_code == 422 and resp.json["param"] == "metadata"
    assert api.get("/v1/employers").json["data"] == []


@pytest.mark.parametrize("around", [" {}", "{} ", "\t{}\n", "\u3000{}"])
def test_credit_codes_with_spaces_around_them_are_422_on_create_and_update(
    api: ApiClient, around: str
) -> None:
    """A credit code is kept as sent, never trimmed: spaces around it are a 422 on
    `credit_code` (once a 500), on create and on update."""
    code = around.format(credit_code())
    resp = api.post("/v1/employers", employer_body(credit_code=code))
    body = assert_problem(resp, 422, "validation_error")
    assert body["param"] == "credit_code" and "space" in body["errors"][0]["message"]
    assert api.get("/v1/employers").json["data"] == []
    employer = api.post("/v1/employers", employer_body()).json
    resp = api.patch(f"/v1/employers/{employer['id']}", {"credit_code": code})
    assert assert_problem(resp, 422, "validation_error")["param"] == "credit_code"
    assert api.get(f"/v1/employers/{employer['id']}").json == employer


def test_filters(api: ApiClient) -> None:
    a = api.post("/v1/employers", employer_body(name="Shiling Leather Works")).json
    api.post("/v1/employers", employer_body(name="Huadu Garments"))
    assert [e["id"] for e in api.get("/v1/employers?name=leather").json["data"]] == [a["id"]]
    by_code = api.get(f"/v1/employers?credit_code={a['credit_code']}").json["data"]
    assert [e["id"] for e in by_code] == [a["id"]]
    assert api.get("/v1/employers?name=%25").json["data"] == []  # % is literal, not a wildcard
