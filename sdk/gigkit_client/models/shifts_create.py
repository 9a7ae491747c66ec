from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.shift_plan import ShiftPlan


T = TypeVar("T", bound="ShiftsCreate")


@_attrs_define
class ShiftsCreate:
    """
    Attributes:
        shifts (list[ShiftPlan]):
    """

    shifts: list[ShiftPlan]

    def to_dict(self) -> dict[str, Any]:
        shifts = []
        for shifts_item_data in self.shifts:
            shifts_item = shifts_item_data.to_dict()
            shifts.append(shifts_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "shifts": shifts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.shift_plan import ShiftPlan

        d = dict(src_dict)
        shifts = []
        _shifts = d.pop("shifts")
        for shifts_item_data in _shifts:
            shifts_item = ShiftPlan.from_dict(shifts_item_data)

            shifts.append(shifts_item)

        shifts_create = cls(
            shifts=shifts,
        )

        return shifts_create
