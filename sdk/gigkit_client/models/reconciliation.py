from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.mismatch import Mismatch


T = TypeVar("T", bound="Reconciliation")


@_attrs_define
class Reconciliation:
    """
    Attributes:
        date (datetime.date):
        provider_transfers (int):
        payouts (int):
        mismatches (list[Mismatch]):
    """

    date: datetime.date
    provider_transfers: int
    payouts: int
    mismatches: list[Mismatch]

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        provider_transfers = self.provider_transfers

        payouts = self.payouts

        mismatches = []
        for mismatches_item_data in self.mismatches:
            mismatches_item = mismatches_item_data.to_dict()
            mismatches.append(mismatches_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "provider_transfers": provider_transfers,
                "payouts": payouts,
                "mismatches": mismatches,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mismatch import Mismatch

        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        provider_transfers = d.pop("provider_transfers")

        payouts = d.pop("payouts")

        mismatches = []
        _mismatches = d.pop("mismatches")
        for mismatches_item_data in _mismatches:
            mismatches_item = Mismatch.from_dict(mismatches_item_data)

            mismatches.append(mismatches_item)

        reconciliation = cls(
            date=date,
            provider_transfers=provider_transfers,
            payouts=payouts,
            mismatches=mismatches,
        )

        return reconciliation
