from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ClockOutBatchCounts")


@_attrs_define
class ClockOutBatchCounts:
    """
    Attributes:
        total (int):
        pending (int): Not settled yet
        settled (int):
        failed (int): Refused, as the synchronous batch would refuse them (see each item's `error`)
    """

    total: int
    pending: int
    settled: int
    failed: int

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        pending = self.pending

        settled = self.settled

        failed = self.failed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "total": total,
                "pending": pending,
                "settled": settled,
                "failed": failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total = d.pop("total")

        pending = d.pop("pending")

        settled = d.pop("settled")

        failed = d.pop("failed")

        clock_out_batch_counts = cls(
            total=total,
            pending=pending,
            settled=settled,
            failed=failed,
        )

        return clock_out_batch_counts
