from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Release")


@_attrs_define
class Release:
    """
    Example:
        {'id': 'rel_01m90z6933wdwsf7xahmzq5ysx', 'hold_id': 'hld_01m90z68zkn42jt7bdvt24d3p7', 'worker_id':
            'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount': 28000, 'returned_amount': 0, 'currency': 'CNY',
            'ledger_transaction_id': 'ltx_01m90z6933m7tmgeb5qnv2cfha', 'test_clock': None, 'created_at':
            '2026-12-04T10:01:00+00:00'}

    Attributes:
        id (str):
        hold_id (str):
        worker_id (str):
        amount (int):
        returned_amount (int):
        currency (str):
        ledger_transaction_id (str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
    """

    id: str
    hold_id: str
    worker_id: str
    amount: int
    returned_amount: int
    currency: str
    ledger_transaction_id: str
    test_clock: None | str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        hold_id = self.hold_id

        worker_id = self.worker_id

        amount = self.amount

        returned_amount = self.returned_amount

        currency = self.currency

        ledger_transaction_id = self.ledger_transaction_id

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "hold_id": hold_id,
                "worker_id": worker_id,
                "amount": amount,
                "returned_amount": returned_amount,
                "currency": currency,
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

        hold_id = d.pop("hold_id")

        worker_id = d.pop("worker_id")

        amount = d.pop("amount")

        returned_amount = d.pop("returned_amount")

        currency = d.pop("currency")

        ledger_transaction_id = d.pop("ledger_transaction_id")

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        release = cls(
            id=id,
            hold_id=hold_id,
            worker_id=worker_id,
            amount=amount,
            returned_amount=returned_amount,
            currency=currency,
            ledger_transaction_id=ledger_transaction_id,
            test_clock=test_clock,
            created_at=created_at,
        )

        return release
