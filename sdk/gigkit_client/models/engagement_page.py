from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.engagement import Engagement


T = TypeVar("T", bound="EngagementPage")


@_attrs_define
class EngagementPage:
    """
    Example:
        {'data': [{'id': 'eng_01m90z68z9txast7rqf696mnzt', 'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'employer_id':
            'emp_01m90z68xhnev9pv6002z98rcq', 'contract_id': None, 'currency': 'CNY', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'fee': None, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'site': None,
            'insurance_product_id': None, 'job_category': None, 'status': 'active', 'metadata': {}, 'test_clock': None,
            'created_at': '2026-12-01T02:15:00+00:00', 'cancelled_at': None}], 'has_more': False, 'next_cursor': None}

    Attributes:
        data (list[Engagement]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Engagement]
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
        from ..models.engagement import Engagement

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Engagement.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        engagement_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return engagement_page
