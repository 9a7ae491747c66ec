from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.ledger_account_normal_balance import (
    LedgerAccountNormalBalance,
    check_ledger_account_normal_balance,
)

if TYPE_CHECKING:
    from ..models.balances import Balances


T = TypeVar("T", bound="LedgerAccount")


@_attrs_define
class LedgerAccount:
    """
    Attributes:
        id (str):
        kind (str): Declared by the blocks (docs/money.md lists them); more may come, so treat an unknown kind as an
            account like any other.
        owner_type (str):
        owner_id (str):
        currency (str):
        normal_balance (LedgerAccountNormalBalance):
        balances (Balances):
        lock_version (int):
        created_at (datetime.datetime):
    """

    id: str
    kind: str
    owner_type: str
    owner_id: str
    currency: str
    normal_balance: LedgerAccountNormalBalance
    balances: Balances
    lock_version: int
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        owner_type = self.owner_type

        owner_id = self.owner_id

        currency = self.currency

        normal_balance: str = self.normal_balance

        balances = self.balances.to_dict()

        lock_version = self.lock_version

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "owner_type": owner_type,
                "owner_id": owner_id,
                "currency": currency,
                "normal_balance": normal_balance,
                "balances": balances,
                "lock_version": lock_version,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.balances import Balances

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        owner_type = d.pop("owner_type")

        owner_id = d.pop("owner_id")

        currency = d.pop("currency")

        normal_balance = check_ledger_account_normal_balance(d.pop("normal_balance"))

        balances = Balances.from_dict(d.pop("balances"))

        lock_version = d.pop("lock_version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        ledger_account = cls(
            id=id,
            kind=kind,
            owner_type=owner_type,
            owner_id=owner_id,
            currency=currency,
            normal_balance=normal_balance,
            balances=balances,
            lock_version=lock_version,
            created_at=created_at,
        )

        return ledger_account
