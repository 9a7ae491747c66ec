from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PayslipCorrection")


@_attrs_define
class PayslipCorrection:
    """
    Attributes:
        reason (str):  Example: Clock-out recorded at 18:00; the worker left at 20:00..
        clock_in_at (datetime.datetime | Unset): The corrected clock-in (hourly pay)
        clock_out_at (datetime.datetime | Unset): The corrected clock-out (hourly pay)
        quantity (str | Unset): Piece work: the corrected quantity Example: 140.
    """

    reason: str
    clock_in_at: datetime.datetime | Unset = UNSET
    clock_out_at: datetime.datetime | Unset = UNSET
    quantity: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        clock_in_at: str | Unset = UNSET
        if not isinstance(self.clock_in_at, Unset):
            clock_in_at = self.clock_in_at.isoformat()

        clock_out_at: str | Unset = UNSET
        if not isinstance(self.clock_out_at, Unset):
            clock_out_at = self.clock_out_at.isoformat()

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if clock_in_at is not UNSET:
            field_dict["clock_in_at"] = clock_in_at
        if clock_out_at is not UNSET:
            field_dict["clock_out_at"] = clock_out_at
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reason = d.pop("reason")

        _clock_in_at = d.pop("clock_in_at", UNSET)
        clock_in_at: datetime.datetime | Unset
        if isinstance(_clock_in_at, Unset):
            clock_in_at = UNSET
        else:
            clock_in_at = datetime.datetime.fromisoformat(_clock_in_at)

        _clock_out_at = d.pop("clock_out_at", UNSET)
        clock_out_at: datetime.datetime | Unset
        if isinstance(_clock_out_at, Unset):
            clock_out_at = UNSET
        else:
            clock_out_at = datetime.datetime.fromisoformat(_clock_out_at)

        quantity = d.pop("quantity", UNSET)

        payslip_correction = cls(
            reason=reason,
            clock_in_at=clock_in_at,
            clock_out_at=clock_out_at,
            quantity=quantity,
        )

        return payslip_correction
