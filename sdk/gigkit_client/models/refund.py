from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Refund")


@_attrs_define
class Refund:
    """
    Example:
        {'id': 'rfd_01m90z693y8v4keegfwvz9mw4t', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 100000,
            'currency': 'CNY', 'status': 'succeeded', 'ledger_transaction_id': 'ltx_01m90z693yc1e71rj0nsyamypc',
            'test_clock': None, 'created_at': '2026-12-07T09:00:00+00:00'}

    Attributes:
        id (str):
        employer_id (str):
        amount (int):
        currency (str):
        status (str):
        ledger_transaction_id (str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
    """

    id: str
    employer_id: str
    amount: int
    currency: str
    status: str
    ledger_transaction_id: str
    test_clock: None | str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        employer_id = self.employer_id

        amount = self.amount

        currency = self.currency

        status = self.status

        ledger_transaction_id = self.ledger_transaction_id

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "employer_id": employer_id,
                "amount": amount,
                "currency": currency,
                "status": status,
                "ledger_transaction_id": ledger_transaction_id,
                "test_clock": test_clock,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        employer_id = d.pop("employer_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        status = d.pop("status")

        ledger_transaction_id = d.pop("ledger_transaction_id")

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        refund = cls(
            id=id,
            employer_id=employer_id,
            amount=amount,
            currency=currency,
            status=status,
            ledger_transaction_id=ledger_transaction_id,
            test_clock=test_clock,
            created_at=created_at,
        )

        return refund
