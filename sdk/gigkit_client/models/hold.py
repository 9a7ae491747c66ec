from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.hold_status import HoldStatus, check_hold_status

T = TypeVar("T", bound="Hold")


@_attrs_define
class Hold:
    """
    Example:
        {'id': 'hld_01m90z68zkn42jt7bdvt24d3p7', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 28000,
            'released_amount': 0, 'returned_amount': 0, 'remaining': 28000, 'currency': 'CNY', 'status': 'active',
            'purpose': 'wages', 'reference': 'shf shf_01m90z68zk721aq9jtr6npdyg6', 'ledger_transaction_id':
            'ltx_01m90z692v1rj4hwdbcgba63am', 'test_clock': None, 'created_at': '2026-12-01T02:15:00+00:00', 'updated_at':
            '2026-12-01T02:15:00+00:00'}

    Attributes:
        id (str):
        employer_id (str):
        amount (int):
        released_amount (int):
        returned_amount (int): Given back to available escrow
        remaining (int):
        currency (str):
        status (HoldStatus):
        purpose (str):
        reference (None | str):
        ledger_transaction_id (str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    employer_id: str
    amount: int
    released_amount: int
    returned_amount: int
    remaining: int
    currency: str
    status: HoldStatus
    purpose: str
    reference: None | str
    ledger_transaction_id: str
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        employer_id = self.employer_id

        amount = self.amount

        released_amount = self.released_amount

        returned_amount = self.returned_amount

        remaining = self.remaining

        currency = self.currency

        status: str = self.status

        purpose = self.purpose

        reference: None | str
        reference = self.reference

        ledger_transaction_id = self.ledger_transaction_id

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "employer_id": employer_id,
                "amount": amount,
                "released_amount": released_amount,
                "returned_amount": returned_amount,
                "remaining": remaining,
                "currency": currency,
                "status": status,
                "purpose": purpose,
                "reference": reference,
                "ledger_transaction_id": ledger_transaction_id,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        employer_id = d.pop("employer_id")

        amount = d.pop("amount")

        released_amount = d.pop("released_amount")

        returned_amount = d.pop("returned_amount")

        remaining = d.pop("remaining")

        currency = d.pop("currency")

        status = check_hold_status(d.pop("status"))

        purpose = d.pop("purpose")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        ledger_transaction_id = d.pop("ledger_transaction_id")

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        hold = cls(
            id=id,
            employer_id=employer_id,
            amount=amount,
            released_amount=released_amount,
            returned_amount=returned_amount,
            remaining=remaining,
            currency=currency,
            status=status,
            purpose=purpose,
            reference=reference,
            ledger_transaction_id=ledger_transaction_id,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
        )

        return hold
