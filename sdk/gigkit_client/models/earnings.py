from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.earnings_total import EarningsTotal


T = TypeVar("T", bound="Earnings")


@_attrs_define
class Earnings:
    """
    Attributes:
        worker_id (str):
        month (str):
        totals (list[EarningsTotal]): Per currency; empty for a month without payslips
    """

    worker_id: str
    month: str
    totals: list[EarningsTotal]

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        month = self.month

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "month": month,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.earnings_total import EarningsTotal

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        month = d.pop("month")

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = EarningsTotal.from_dict(totals_item_data)

            totals.append(totals_item)

        earnings = cls(
            worker_id=worker_id,
            month=month,
            totals=totals,
        )

        return earnings
