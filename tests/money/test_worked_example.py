"""The seed's day, as a worked example: every balance after every step.

07:00 a leather-goods worker clocks in at a Shiling factory; his wage is 280 CNY a day. The
employer pre-deposited wages into escrow. At 20:00 he clocks out and the wage reaches his
wallet minutes later. In minor units (fen): 10,000.00 CNY = 1,000,000.
"""

from __future__ import annotations

from tests.money.conftest import Money


def test_the_seed_day(money: Money) -> None:
    # The employer deposits 10,000.00 into escrow.
    deposit = money.deposit(1_000_000)
    assert deposit.status_code == 201 and deposit.json["status"] == "succeeded"
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 1_000_000,
        "held": 0,
        "total": 1_000_000,
    }
    assert money.cash() == 1_000_000  # the provider holds the money; we owe it to the employer

    # The job is filled: the day's wage, 280.00, is held.
    hold = money.hold(28_000).json
    assert hold["status"] == "active" and hold["remaining"] == 28_000
    assert money.escrow()["available"] == 972_000
    assert money.escrow()["held"] == 28_000
    assert money.escrow()["total"] == 1_000_000

    # He clocks out: the hold is released to his payable.
    release = money.release(hold["id"])
    assert release.status_code == 201 and release.json["amount"] == 28_000
    assert money.api.get(f"/v1/escrow/holds/{hold['id']}").json["status"] == "released"
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 972_000,
        "held": 0,
        "total": 972_000,
    }
    assert money.payable() == {"posted": 28_000, "pending": 28_000, "available": 28_000}

    # The wage is paid out to his wallet.
    payout = money.payout(28_000)
    assert payout.status_code == 201
    paid = money.api.get(f"/v1/payouts/{payout.json['id']}").json
    assert paid["status"] == "paid" and paid["destination_masked"].endswith("0001")
    assert money.payable() == {"posted": 0, "pending": 0, "available": 0}
    assert money.cash() == 972_000  # what is left is exactly what is owed to the employer

    # Every money movement is an event, in order.
    types = [e["type"] for e in money.api.get("/v1/events?limit=100").json["data"]]
    expected = [
        "escrow.deposit.succeeded",
        "escrow.hold.created",
        "escrow.hold.released",
        "payout.created",
        "payout.paid",
    ]
    assert [t for t in reversed(types) if t in expected] == expected

    # The payout's ledger transaction shows both sides.
    txn = money.api.get(f"/v1/ledger/transactions/{paid['ledger_transaction_id']}").json
    assert txn["status"] == "posted"
    assert sorted((e["direction"], e["amount"]) for e in txn["entries"]) == [
        ("credit", 28_000),
        ("debit", 28_000),
    ]

    # And the ledger, as a whole, is right.
    assert money.audit() == []


def test_a_shorter_day_returns_the_rest_to_the_employer(money: Money) -> None:
    money.deposit(1_000_000)
    hold = money.hold(28_000).json
    # sent home early: 200.00 earned, the remaining 80.00 goes back to available escrow
    release = money.release(hold["id"], amount=20_000).json
    assert release["amount"] == 20_000 and release["returned_amount"] == 8_000
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 980_000,
        "held": 0,
        "total": 980_000,
    }
    assert money.payable()["available"] == 20_000
    assert money.audit() == []


def test_a_multi_day_hold_released_day_by_day(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(84_000).json  # three days at 280.00
    for day in range(3):
        release = money.release(hold["id"], amount=28_000, keep_remainder_held=True)
        assert release.status_code == 201, release.json
        status = money.api.get(f"/v1/escrow/holds/{hold['id']}").json["status"]
        assert status == ("partially_released" if day < 2 else "released")
    assert money.payable()["available"] == 84_000
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 16_000,
        "held": 0,
        "total": 16_000,
    }
    assert money.audit() == []
