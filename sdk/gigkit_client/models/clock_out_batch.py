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
    Example:
        {'clock_outs': [{'shift_id': 'shf_01m90z69bxq3f5c0r6mnc7k2dd'}, {'shift_id': 'shf_01m90z69bz0k4j3d8x2e5wq1hb',
            'at': '2027-03-04T12:01:00+00:00', 'location': {'latitude': 23.4, 'longitude': 113.2}}]}

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
