from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.deposit_status import DepositStatus, check_deposit_status

T = TypeVar("T", bound="Deposit")


@_attrs_define
class Deposit:
    """
    Example:
        {'id': 'dep_01m90z68ykdxtktm20nmzhsxb6', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 1000000,
            'currency': 'CNY', 'status': 'succeeded', 'failure_code': None, 'provider': 'sandbox', 'ledger_transaction_id':
            'ltx_01m90z68ywskjjr5221jdhmpq8', 'test_clock': None, 'created_at': '2026-12-01T02:10:00+00:00', 'updated_at':
            '2026-12-01T02:10:01+00:00'}

    Attributes:
        id (str):
        employer_id (str):
        amount (int):
        currency (str):
        status (DepositStatus):
        failure_code (None | str):
        provider (str):
        ledger_transaction_id (None | str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    employer_id: str
    amount: int
    currency: str
    status: DepositStatus
    failure_code: None | str
    provider: str
    ledger_transaction_id: None | str
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        employer_id = self.employer_id

        amount = self.amount

        currency = self.currency

        status: str = self.status

        failure_code: None | str
        failure_code = self.failure_code

        provider = self.provider

        ledger_transaction_id: None | str
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
                "currency": currency,
                "status": status,
                "failure_code": failure_code,
                "provider": provider,
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

        currency = d.pop("currency")

        status = check_deposit_status(d.pop("status"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        provider = d.pop("provider")

        def _parse_ledger_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ledger_transaction_id = _parse_ledger_transaction_id(
            d.pop("ledger_transaction_id")
        )

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        deposit = cls(
            id=id,
            employer_id=employer_id,
            amount=amount,
            currency=currency,
            status=status,
            failure_code=failure_code,
            provider=provider,
            ledger_transaction_id=ledger_transaction_id,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
        )

        return deposit
