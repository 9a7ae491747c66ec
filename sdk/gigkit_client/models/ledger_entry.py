from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.ledger_entry_direction import (
    LedgerEntryDirection,
    check_ledger_entry_direction,
)
from ..models.ledger_entry_transaction_status import (
    LedgerEntryTransactionStatus,
    check_ledger_entry_transaction_status,
)

T = TypeVar("T", bound="LedgerEntry")


@_attrs_define
class LedgerEntry:
    """
    Attributes:
        id (str):
        transaction_id (str):
        account_id (str):
        direction (LedgerEntryDirection):
        amount (int):
        currency (str):
        transaction_status (LedgerEntryTransactionStatus):
        created_at (datetime.datetime):
    """

    id: str
    transaction_id: str
    account_id: str
    direction: LedgerEntryDirection
    amount: int
    currency: str
    transaction_status: LedgerEntryTransactionStatus
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        transaction_id = self.transaction_id

        account_id = self.account_id

        direction: str = self.direction

        amount = self.amount

        currency = self.currency

        transaction_status: str = self.transaction_status

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "transaction_id": transaction_id,
                "account_id": account_id,
                "direction": direction,
                "amount": amount,
                "currency": currency,
                "transaction_status": transaction_status,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        transaction_id = d.pop("transaction_id")

        account_id = d.pop("account_id")

        direction = check_ledger_entry_direction(d.pop("direction"))

        amount = d.pop("amount")

        currency = d.pop("currency")

        transaction_status = check_ledger_entry_transaction_status(
            d.pop("transaction_status")
        )

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        ledger_entry = cls(
            id=id,
            transaction_id=transaction_id,
            account_id=account_id,
            direction=direction,
            amount=amount,
            currency=currency,
            transaction_status=transaction_status,
            created_at=created_at,
        )

        return ledger_entry
