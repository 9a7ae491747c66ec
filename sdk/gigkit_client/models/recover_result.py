from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.webhook_delivery import WebhookDelivery


T = TypeVar("T", bound="RecoverResult")


@_attrs_define
class RecoverResult:
    """
    Attributes:
        data (list[WebhookDelivery]):
        has_more (bool): More events of the window need sending: call again
    """

    data: list[WebhookDelivery]
    has_more: bool

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "has_more": has_more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_delivery import WebhookDelivery

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = WebhookDelivery.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        recover_result = cls(
            data=data,
            has_more=has_more,
        )

        return recover_result
