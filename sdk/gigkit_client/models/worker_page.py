from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.worker import Worker


T = TypeVar("T", bound="WorkerPage")


@_attrs_define
class WorkerPage:
    """
    Example:
        {'data': [{'id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'name': '陈伟', 'mobile': '13800138000', 'id_card_masked':
            '4401**********0021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet', 'provider': 'wechat',
            'masked_reference': '********nwei'}, 'metadata': {}, 'created_at': '2026-12-01T02:05:00+00:00', 'updated_at':
            '2026-12-01T02:05:00+00:00'}], 'has_more': False, 'next_cursor': None}

    Attributes:
        data (list[Worker]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Worker]
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
        from ..models.worker import Worker

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Worker.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        worker_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return worker_page
