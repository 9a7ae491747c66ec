from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.shift import Shift


T = TypeVar("T", bound="ShiftPage")


@_attrs_define
class ShiftPage:
    """
    Example:
        {'data': [{'id': 'shf_01m90z68zk721aq9jtr6npdyg6', 'engagement_id': 'eng_01m90z68z9txast7rqf696mnzt',
            'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'day':
            '2026-12-04', 'status': 'settled', 'starts_at': None, 'ends_at': None, 'expected_quantity': None,
            'expected_amount': 28000, 'hold_id': 'hld_01m90z68zkn42jt7bdvt24d3p7', 'clock_in_at':
            '2026-12-04T00:02:00+00:00', 'clock_out_at': '2026-12-04T10:01:00+00:00', 'quantity': None, 'flags': [],
            'payslip_id': 'pys_01m90z690njqk6t02b2065x3vn', 'test_clock': None, 'created_at': '2026-12-01T02:15:00+00:00',
            'updated_at': '2026-12-04T10:01:00+00:00'}], 'has_more': False, 'next_cursor': None}

    Attributes:
        data (list[Shift]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Shift]
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
        from ..models.shift import Shift

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Shift.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        shift_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return shift_page
