from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.clock_out_batch_item import ClockOutBatchItem


T = TypeVar("T", bound="ClockOutBatchItemPage")


@_attrs_define
class ClockOutBatchItemPage:
    """
    Example:
        {'data': [{'position': 0, 'shift_id': 'shf_01m90z69bxq3f5c0r6mnc7k2dd', 'status': 'settled', 'at':
            '2027-03-04T12:02:00+00:00', 'payslip_id': 'pys_01m90z6a0r8h5m2n4p6q8s0t2v', 'payout_id':
            'po_01m90yasy8gfwnrb3g1dj8jv4q', 'settled_at': '2027-03-04T12:02:01+00:00', 'error': None}], 'has_more': False,
            'next_cursor': None}

    Attributes:
        data (list[ClockOutBatchItem]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[ClockOutBatchItem]
    has_more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.clock_out_batch_item import ClockOutBatchItem

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ClockOutBatchItem.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        clock_out_batch_item_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return clock_out_batch_item_page
