from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deposit import Deposit


T = TypeVar("T", bound="DepositPage")


@_attrs_define
class DepositPage:
    """
    Example:
        {'data': [{'id': 'dep_01m90z68ykdxtktm20nmzhsxb6', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount':
            1000000, 'currency': 'CNY', 'status': 'succeeded', 'failure_code': None, 'provider': 'sandbox',
            'ledger_transaction_id': 'ltx_01m90z68ywskjjr5221jdhmpq8', 'test_clock': None, 'created_at':
            '2026-12-01T02:10:00+00:00', 'updated_at': '2026-12-01T02:10:01+00:00'}], 'has_more': False, 'next_cursor':
            None}

    Attributes:
        data (list[Deposit]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Deposit]
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
        from ..models.deposit import Deposit

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Deposit.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        deposit_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return deposit_page
