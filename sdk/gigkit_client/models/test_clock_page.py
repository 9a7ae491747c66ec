from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.test_clock import TestClock


T = TypeVar("T", bound="TestClockPage")


@_attrs_define
class TestClockPage:
    """
    Example:
        {'data': [{'id': 'clk_01m90z6a2cq8p6h0b1gq9zv4tx', 'name': 'a week of shifts', 'frozen_time':
            '2027-03-01T12:00:00+00:00', 'status': 'ready', 'advanced_from': '2027-02-28T22:00:00+00:00', 'tasks_run': 11,
            'created_at': '2026-12-04T09:00:00+00:00', 'updated_at': '2026-12-04T09:00:02+00:00'}], 'has_more': False,
            'next_cursor': None}

    Attributes:
        data (list[TestClock]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[TestClock]
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
        from ..models.test_clock import TestClock

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = TestClock.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        test_clock_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return test_clock_page
