"""Payslips under attack, on both databases: odd months, odd clock times and quantities in a
correction, each answered 4xx problem+json naming the parameter, never a 500, and the money
left as it was."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pdfminer.pdfpage import PDFPage

from tests.helpers import employer_body, worker_body
from tests.payslips.test_documents import get_pdf, squashed
from tests.payslips.test_payslips import _payslip
from tests.work.conftest import MARCH, Day, at

HOURLY = {"basis": "hourly", "rate": "40", "rounding": "half_hour_started"}


def _hourly_slip(day: Day, d: dt.date) -> dict[str, Any]:
    """An hourly shift of `d`, 08:00-18:00 (planned to 20:00), settled and paid."""
    engagement = day.engage(
        [{"day": d, "starts_at": at(d, 8).isoformat(), "ends_at": at(d, 20).isoformat()}],
        pay=HOURLY,
    )
    assert engagement.status_code == 201, engagement.json
    (shift,) = day.shifts(engagement.json["id"])
    assert day.clock_in(shift["id"], at(d, 8)).status_code == 200
    assert day.clock_out(shift["id"], at(d, 18)).status_code == 200
    return _payslip(day, day.api.get(f"/v1/shifts/{shift['id']}").json)


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


def test_a_correction_names_the_fields_it_was_given(day: Day) -> None:
    """A correction's clock times are checked like the clock-in's and -out's, each error
    naming the body field: a shift of more than 24 hours (`clock_out_at`, not the internal
    `clock_out`), a clock-in after the shift's day (the hours of another day), a clock-in
    alone later than the recorded clock-out (`clock_in_at`, the field sent)."""
    d1 = MARCH + dt.timedelta(days=1)
    slip = _hourly_slip(day, d1)
    day.clock.set(at(d1 + dt.timedelta(days=3), 12))
    path = f"/v1/payslips/{slip['id']}/corrections"
    escrow, payable = day.money.escrow(), day.money.payable()
    for body, field in (
        ({"clock_out_at": at(d1 + dt.timedelta(days=1), 14).isoformat()}, "clock_out_at"),
        (
            {
                "clock_in_at": at(d1 + dt.timedelta(days=1), 7).isoformat(),
                "clock_out_at": at(d1 + dt.timedelta(days=1), 23).isoformat(),
            },
            "clock_in_at",
        ),
        ({"clock_in_at": at(d1, 19).isoformat()}, "clock_in_at"),
        ({"clock_in_at": "9999-12-31T23:59:59Z"}, "clock_in_at"),
        ({"quantity": "5"}, "quantity"),
    ):
        answer = day.money.post(path, {"reason": "attack", **body})
        code = answer.json["code"]
        assert code in ("clock_time_invalid", "validation_error"), answer.json
        _refused(answer, 422, code, field)
    assert (day.money.escrow(), day.money.payable()) == (escrow, payable)
    assert day.api.get(f"/v1/payslips/{slip['id']}").json["status"] == "in_force"
    earlier = day.money.post(
        path, {"reason": "came at 07:00", "clock_in_at": at(d1, 7).isoformat()}
    )
    assert earlier.status_code == 201, earlier.json
    assert (earlier.json["gross"], earlier.json["pay"]["correction"]["gross"]) == (44_000, 4_000)
    assert day.money.escrow()["held"] == 0 and day.money.payable()["posted"] == 0
    assert day.money.audit() == []


def test_the_longest_payslip_still_prints_on_one_a5_page_in_full(day: Day) -> None:
    """The longest names the API takes (employer 200 characters, worker 100), a percent fee,
    withholding, a break, and a correction with a 500-character reason: one A5 page in
    both languages, every character of the reason on it."""
    employer = day.api.post("/v1/employers", employer_body(name="广州市白云区狮岭镇皮具" * 18))
    assert employer.status_code == 201, employer.json
    day.money.employer_id = employer.json["id"]
    assert day.money.deposit(10_000_000).status_code == 201
    wallet = {"kind": "wallet", "provider": "wechat", "account_reference": "wxid_good_0001"}
    worker = day.api.post("/v1/workers", worker_body(name="陈" * 100, payout_account=wallet))
    assert worker.status_code == 201, worker.json
    day.money.worker_id = worker.json["id"]
    d1 = MARCH + dt.timedelta(days=1)
    engagement = day.engage(
        [{"day": d1, "starts_at": at(d1, 8).isoformat(), "ends_at": at(d1, 20).isoformat()}],
        pay={**HOURLY, "rate": "999.99", "break_minutes": 30},
        fee={"type": "percent", "percent": "12.34"},
    )
    assert engagement.status_code == 201, engagement.json
    (shift,) = day.shifts(engagement.json["id"])
    day.clock_in(shift["id"], at(d1, 8))
    day.clock_out(shift["id"], at(d1, 18))
    slip = _payslip(day, day.api.get(f"/v1/shifts/{shift['id']}").json)
    day.clock.set(at(d1, 23))
    reason = "工人实际于二十点离开" * 49 + "记录有误理由到此结束"
    assert len(reason) == 500
    fixed = day.money.post(
        f"/v1/payslips/{slip['id']}/corrections",
        {"reason": reason, "clock_out_at": at(d1, 20).isoformat()},
    )
    assert fixed.status_code == 201, fixed.json
    for locale in ("zh-CN", "en"):
        pdf = get_pdf(day, fixed.json["id"], locale).data
        assert len(list(PDFPage.get_pages(io.BytesIO(pdf)))) == 1, locale
        assert reason in squashed(pdf), locale


def test_a_list_whose_pay_days_end_before_they_start_is_refused_naming_paid_to(
    day: Day,
) -> None:
    """Like the export's `from` after `to`: an empty page would read as "no payslips"."""
    answer = day.api.get("/v1/payslips?paid_from=2027-03-05&paid_to=2027-03-01")
    _refused(answer, 422, "validation_error", "paid_to")
    one_day = day.api.get("/v1/payslips?paid_from=2027-03-05&paid_to=2027-03-05")
    assert one_day.status_code == 200, one_day.json
