from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.clock_out_item import ClockOutItem


T = TypeVar("T", bound="ClockOutBatch")


@_attrs_define
class ClockOutBatch:
    """
    Attributes:
        clock_outs (list[ClockOutItem]): 1 to 1000 clock-outs, each shift at most once
    """

    clock_outs: list[ClockOutItem]

    def to_dict(self) -> dict[str, Any]:
        clock_outs = []
        for clock_outs_item_data in self.clock_outs:
            clock_outs_item = clock_outs_item_data.to_dict()
            clock_outs.append(clock_outs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clock_outs": clock_outs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.clock_out_item import ClockOutItem

        d = dict(src_dict)
        clock_outs = []
        _clock_outs = d.pop("clock_outs")
        for clock_outs_item_data in _clock_outs:
            clock_outs_item = ClockOutItem.from_dict(clock_outs_item_data)

            clock_outs.append(clock_outs_item)

        clock_out_batch = cls(
            clock_outs=clock_outs,
        )

        return clock_out_batch
