from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payout import Payout


T = TypeVar("T", bound="PayoutPage")


@_attrs_define
class PayoutPage:
    """
    Example:
        {'data': [{'id': 'po_01m90z693e48ze8007srgf9gmn', 'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount':
            28000, 'currency': 'CNY', 'status': 'paid', 'attempt': 1, 'provider': 'sandbox', 'destination_kind': 'wallet',
            'destination_provider': 'wechat', 'destination_masked': '********nwei', 'provider_reference': 'sbx_4f1c2a9e',
            'failure_code': None, 'ledger_transaction_id': 'ltx_01m90z693fexqsmfnf814rk3vs', 'return_transaction_id': None,
            'test_clock': None, 'created_at': '2026-12-04T10:01:00+00:00', 'updated_at': '2026-12-04T10:01:05+00:00',
            'paid_at': '2026-12-04T10:01:05+00:00', 'failed_at': None, 'returned_at': None, 'attempts': [{'number': 1,
            'destination_kind': 'wallet', 'destination_provider': 'wechat', 'destination_masked': '********nwei',
            'destination_refreshed': False, 'ledger_transaction_id': 'ltx_01m90z693fexqsmfnf814rk3vs', 'provider_reference':
            'sbx_4f1c2a9e', 'outcome': 'paid', 'failure_code': None, 'started_at': '2026-12-04T10:01:00+00:00', 'ended_at':
            '2026-12-04T10:01:05+00:00'}]}], 'has_more': False, 'next_cursor': None}

    Attributes:
        data (list[Payout]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Payout]
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
        from ..models.payout import Payout

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Payout.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        payout_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return payout_page
