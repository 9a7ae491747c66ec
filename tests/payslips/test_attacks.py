"""Payslips under attack, on both databases: odd months, odd clock times and quantities in a
correction, each answered 4xx problem+json naming the parameter, never a 500, and the money
left as it was."""

from __future__ import annotations

from typing import Any

from tests.work.conftest import Day


def _refused(answer: Any, status: int, code: str, field: str) -> None:
    assert answer.status_code == status, answer.json
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert answer.json["code"] == code, answer.json
    assert [e["field"] for e in answer.json.get("errors", [])] == [field], answer.json


def test_a_statement_of_a_month_beyond_the_calendar_is_refused_naming_the_month(
    day: Day,
) -> None:
    """0001-01 starts before the first instant a date-time can hold once the tenant's time
    zone (UTC+8) is taken off: refused on `month`, by every monthly view alike."""
    for path in (
        f"/v1/employers/{day.money.employer_id}/statements/0001-01",
        f"/v1/workers/{day.money.worker_id}/statements/0001-01",
        "/v1/reports/withholding/0001-01",
        "/v1/reports/withholding/0001-01/export",
    ):
        _refused(day.api.get(path), 422, "validation_error", "month")
    later = day.api.get(f"/v1/employers/{day.money.employer_id}/statements/0001-02")
    assert later.status_code == 200, later.json
