"""Realistic examples for the spec's main money and work objects (what /docs shows).

One shop-floor day, told by the seed: 狮岭皮具厂 deposits 10,000.00 CNY into escrow, engages
陈伟 for leather cutting at 280.00 CNY a day, the shift's wage is held (28000, in fen), he
clocks in at 08:02 and out at 18:01 Shanghai time, the hold is released to him and paid
out to his WeChat wallet, and the employer takes 1,000.00 CNY back at the end of the week.
Amounts are integers in minor units (28000 = 280.00 CNY), like the API's.

Set as each component schema's `example` (`add_to`), so Swagger UI shows these instead of
`"string"` and `0`; tests/core/test_openapi_docs.py checks each against its schema. The
spec spans blocks, so this lives beside `create_app`, not in `core`.
"""

from __future__ import annotations

from typing import Any

from apispec import APISpec

EXAMPLES: dict[str, dict[str, Any]] = {
    "EmployerCreate": {"name": "狮岭皮具厂", "credit_code": "91110105J0J9CCK91T"},
    "Employer": {
        "id": "emp_01m90z68xhnev9pv6002z98rcq",
        "name": "狮岭皮具厂",
        "credit_code": "91110105J0J9CCK91T",
        "contact": {},
        "sites": [],
        "metadata": {},
        "created_at": "2026-12-01T02:00:00+00:00",
        "updated_at": "2026-12-01T02:00:00+00:00",
    },
    "WorkerCreate": {
        "name": "陈伟",
        "mobile": "13800138000",
        "id_card_number": "440106199001010021",
        "skills": ["leather-cutting"],
        "payout_account": {
            "kind": "wallet",
            "provider": "wechat",
            "account_reference": "wxid_chenwei",
        },
    },
    "Worker": {
        "id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "name": "陈伟",
        "mobile": "13800138000",
        "id_card_masked": "4401**********0021",
        "skills": ["leather-cutting"],
        "payout_account": {
            "kind": "wallet",
            "provider": "wechat",
            "masked_reference": "********nwei",
        },
        "metadata": {},
        "created_at": "2026-12-01T02:05:00+00:00",
        "updated_at": "2026-12-01T02:05:00+00:00",
    },
    "DepositCreate": {
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 1000000,
        "currency": "CNY",
    },
    "Deposit": {
        "id": "dep_01m90z68ykdxtktm20nmzhsxb6",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 1000000,
        "currency": "CNY",
        "status": "succeeded",
        "failure_code": None,
        "provider": "sandbox",
        "ledger_transaction_id": "ltx_01m90z68ywskjjr5221jdhmpq8",
        "test_clock": None,
        "created_at": "2026-12-01T02:10:00+00:00",
        "updated_at": "2026-12-01T02:10:01+00:00",
    },
    "EngagementCreate": {
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "pay": {"basis": "daily", "rate": "280.00"},
        "first_day": "2026-12-01",
        "last_day": "2026-12-07",
        "shifts": [{"day": "2026-12-04"}],
    },
    "Engagement": {
        "id": "eng_01m90z68z9txast7rqf696mnzt",
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "contract_id": None,
        "currency": "CNY",
        "pay": {"basis": "daily", "rate": "280.00"},
        "fee": None,
        "first_day": "2026-12-01",
        "last_day": "2026-12-07",
        "site": None,
        "insurance_product_id": None,
        "job_category": None,
        "status": "active",
        "metadata": {},
        "test_clock": None,
        "created_at": "2026-12-01T02:15:00+00:00",
        "cancelled_at": None,
    },
    "Shift": {
        "id": "shf_01m90z68zk721aq9jtr6npdyg6",
        "engagement_id": "eng_01m90z68z9txast7rqf696mnzt",
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "day": "2026-12-04",
        "status": "settled",
        "starts_at": None,
        "ends_at": None,
        "expected_quantity": None,
        "expected_amount": 28000,
        "hold_id": "hld_01m90z68zkn42jt7bdvt24d3p7",
        "clock_in_at": "2026-12-04T00:02:00+00:00",
        "clock_out_at": "2026-12-04T10:01:00+00:00",
        "quantity": None,
        "flags": [],
        "payslip_id": "pys_01m90z690njqk6t02b2065x3vn",
        "test_clock": None,
        "created_at": "2026-12-01T02:15:00+00:00",
        "updated_at": "2026-12-04T10:01:00+00:00",
    },
    "HoldCreate": {
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 28000,
        "currency": "CNY",
        "purpose": "wages",
        "reference": "shf shf_01m90z68zk721aq9jtr6npdyg6",
    },
    "Hold": {
        "id": "hld_01m90z68zkn42jt7bdvt24d3p7",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 28000,
        "released_amount": 0,
        "returned_amount": 0,
        "remaining": 28000,
        "currency": "CNY",
        "status": "active",
        "purpose": "wages",
        "reference": "shf shf_01m90z68zk721aq9jtr6npdyg6",
        "ledger_transaction_id": "ltx_01m90z692v1rj4hwdbcgba63am",
        "test_clock": None,
        "created_at": "2026-12-01T02:15:00+00:00",
        "updated_at": "2026-12-01T02:15:00+00:00",
    },
    "ReleaseCreate": {"worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j", "amount": 28000},
    "Release": {
        "id": "rel_01m90z6933wdwsf7xahmzq5ysx",
        "hold_id": "hld_01m90z68zkn42jt7bdvt24d3p7",
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "amount": 28000,
        "returned_amount": 0,
        "currency": "CNY",
        "ledger_transaction_id": "ltx_01m90z6933m7tmgeb5qnv2cfha",
        "test_clock": None,
        "created_at": "2026-12-04T10:01:00+00:00",
    },
    "PayoutCreate": {
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "amount": 28000,
        "currency": "CNY",
    },
    "Payout": {
        "id": "po_01m90z693e48ze8007srgf9gmn",
        "worker_id": "wkr_01m90z68ya6cstbsg7bx3w7c4j",
        "amount": 28000,
        "currency": "CNY",
        "status": "paid",
        "attempt": 1,
        "provider": "sandbox",
        "destination_kind": "wallet",
        "destination_provider": "wechat",
        "destination_masked": "********nwei",
        "provider_reference": "sbx_4f1c2a9e",
        "failure_code": None,
        "ledger_transaction_id": "ltx_01m90z693fexqsmfnf814rk3vs",
        "return_transaction_id": None,
        "test_clock": None,
        "created_at": "2026-12-04T10:01:00+00:00",
        "updated_at": "2026-12-04T10:01:05+00:00",
        "paid_at": "2026-12-04T10:01:05+00:00",
        "failed_at": None,
        "returned_at": None,
        "attempts": [
            {
                "number": 1,
                "destination_kind": "wallet",
                "destination_provider": "wechat",
                "destination_masked": "********nwei",
                "destination_refreshed": False,
                "ledger_transaction_id": "ltx_01m90z693fexqsmfnf814rk3vs",
                "provider_reference": "sbx_4f1c2a9e",
                "outcome": "paid",
                "failure_code": None,
                "started_at": "2026-12-04T10:01:00+00:00",
                "ended_at": "2026-12-04T10:01:05+00:00",
            }
        ],
    },
    "RefundCreate": {
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 100000,
        "currency": "CNY",
    },
    "Refund": {
        "id": "rfd_01m90z693y8v4keegfwvz9mw4t",
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "amount": 100000,
        "currency": "CNY",
        "status": "succeeded",
        "ledger_transaction_id": "ltx_01m90z693yc1e71rj0nsyamypc",
        "test_clock": None,
        "created_at": "2026-12-07T09:00:00+00:00",
    },
    "EscrowBalance": {
        "employer_id": "emp_01m90z68xhnev9pv6002z98rcq",
        "currency": "CNY",
        "available": 944000,
        "held": 28000,
        "total": 972000,
    },
    "ClockOut": {"at": "2026-12-04T10:01:00+00:00"},
    "Payslip": {
        "id": "pys_01m90yasy3s4f3d8c6k4dffsqv",
        "object": "payslip",
        "status": "in_force",
        "shift_id": "shf_01m90yasvkeg4e7j3c9f4awf2n",
        "engagement_id": "eng_01m90yasvdwb50ag4gnx397fn5",
        "worker_id": "wkr_01m90yastnq98w18aerxkf03y8",
        "employer_id": "emp_01m90yastaj2pd1qh0b08v4bx0",
        "worker": {
            "id": "wkr_01m90yastnq98w18aerxkf03y8",
            "name": "陈伟",
            "id_card_masked": "1101**********6646",
        },
        "employer": {"id": "emp_01m90yastaj2pd1qh0b08v4bx0", "name": "狮岭皮具厂"},
        "day": "2027-03-04",
        "paid_on": "2027-03-04",
        "currency": "CNY",
        "basis": "daily",
        "gross": 28000,
        "withheld": 800,
        "net": 27200,
        "employer_cost": 29400,
        "pay": {
            "basis": "daily",
            "rate": "280",
            "unit": "day",
            "quantity": "1",
            "clock_in_at": "2027-03-03T23:00:00+00:00",
            "clock_out_at": "2027-03-04T12:00:00+00:00",
            "worked_minutes": 780,
            "break_minutes": 0,
            "paid_minutes": None,
            "rounding": None,
            "rounding_text": None,
            "formula": "280 CNY/day x 1 day = 280.00 CNY",
            "amount": 28000,
        },
        "deductions": [
            {
                "type": "iit_labour_remuneration",
                "rule": "work.withholding",
                "rule_version": 0,
                "enabled": True,
                "rule_currency": "CNY",
                "amount": 800,
                "month_to_date_income": 84000,
                "expense_deduction": "800",
                "taxable_income": "40",
                "rate": "0.2",
                "quick_deduction": 0,
                "month_to_date_tax": 800,
                "withheld_before": 0,
            }
        ],
        "employer_items": [
            {"type": "platform_fee", "amount": 1400, "terms": {"type": "percent", "percent": "5"}}
        ],
        "payout_id": "po_01m90yasy8gfwnrb3g1dj8jv4q",
        "payout": {"id": "po_01m90yasy8gfwnrb3g1dj8jv4q", "status": "paid"},
        "corrects_id": None,
        "correction_reason": None,
        "corrected_by": None,
        "month_to_date": {"gross": 84000, "withheld": 800, "net": 83200},
        "year_to_date": {"gross": 84000, "withheld": 800, "net": 83200},
        "created_at": "2027-03-04T12:00:00+00:00",
        "test_clock": None,
    },
    "ClockOutBatch": {
        "clock_outs": [
            {"shift_id": "shf_01m90z69bxq3f5c0r6mnc7k2dd"},
            {
                "shift_id": "shf_01m90z69bz0k4j3d8x2e5wq1hb",
                "at": "2027-03-04T12:01:00+00:00",
                "location": {"latitude": 23.4, "longitude": 113.2},
            },
        ]
    },
    "ClockOutBatchProgress": {
        "id": "cob_01m90z6b4kpq8r2s7t9v0w3x5y",
        "status": "completed",
        "counts": {"total": 2, "pending": 0, "settled": 1, "failed": 1},
        "created_at": "2027-03-04T12:02:00+00:00",
        "updated_at": "2027-03-04T12:02:01+00:00",
        "completed_at": "2027-03-04T12:02:01+00:00",
    },
    "ClockOutBatchItem": {
        "position": 0,
        "shift_id": "shf_01m90z69bxq3f5c0r6mnc7k2dd",
        "status": "settled",
        "at": "2027-03-04T12:02:00+00:00",
        "payslip_id": "pys_01m90z6a0r8h5m2n4p6q8s0t2v",
        "payout_id": "po_01m90yasy8gfwnrb3g1dj8jv4q",
        "settled_at": "2027-03-04T12:02:01+00:00",
        "error": None,
    },
    "TestClockCreate": {"frozen_time": "2027-03-01T06:00:00+08:00", "name": "a week of shifts"},
    "TestClockAdvance": {"frozen_time": "2027-03-01T20:00:00+08:00"},
    "TestClock": {
        "id": "clk_01m90z6a2cq8p6h0b1gq9zv4tx",
        "name": "a week of shifts",
        "frozen_time": "2027-03-01T12:00:00+00:00",
        "status": "ready",
        "advanced_from": "2027-02-28T22:00:00+00:00",
        "tasks_run": 11,
        "created_at": "2026-12-04T09:00:00+00:00",
        "updated_at": "2026-12-04T09:00:02+00:00",
    },
}


def add_to(spec: APISpec) -> None:
    """Each example onto its component schema (a schema renamed away fails here)."""
    schemas = spec.components.schemas
    for name, example in EXAMPLES.items():
        if name not in schemas:
            raise KeyError(f"openapi_examples: no component schema {name!r}")
        schemas[name]["example"] = example
    for name, schema in schemas.items():  # a page of one of them: `WorkerPage`, ...
        item = EXAMPLES.get(name.removesuffix("Page")) if name.endswith("Page") else None
        if item is not None and "example" not in schema:
            schema["example"] = {"data": [item], "has_more": False, "next_cursor": None}
