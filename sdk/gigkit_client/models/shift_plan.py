from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShiftPlan")


@_attrs_define
class ShiftPlan:
    """
    Attributes:
        day (datetime.date):
        starts_at (datetime.datetime | Unset): Hourly: the planned start
        ends_at (datetime.datetime | Unset): Hourly: the planned end
        expected_quantity (str | Unset): Piece: the planned quantity Example: 120.
    """

    day: datetime.date
    starts_at: datetime.datetime | Unset = UNSET
    ends_at: datetime.datetime | Unset = UNSET
    expected_quantity: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        starts_at: str | Unset = UNSET
        if not isinstance(self.starts_at, Unset):
            starts_at = self.starts_at.isoformat()

        ends_at: str | Unset = UNSET
        if not isinstance(self.ends_at, Unset):
            ends_at = self.ends_at.isoformat()

        expected_quantity = self.expected_quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "day": day,
            }
        )
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if expected_quantity is not UNSET:
            field_dict["expected_quantity"] = expected_quantity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        _starts_at = d.pop("starts_at", UNSET)
        starts_at: datetime.datetime | Unset
        if isinstance(_starts_at, Unset):
            starts_at = UNSET
        else:
            starts_at = datetime.datetime.fromisoformat(_starts_at)

        _ends_at = d.pop("ends_at", UNSET)
        ends_at: datetime.datetime | Unset
        if isinstance(_ends_at, Unset):
            ends_at = UNSET
        else:
            ends_at = datetime.datetime.fromisoformat(_ends_at)

        expected_quantity = d.pop("expected_quantity", UNSET)

        shift_plan = cls(
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            expected_quantity=expected_quantity,
        )

        return shift_plan
