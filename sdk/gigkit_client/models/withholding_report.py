from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.withholding_line import WithholdingLine


T = TypeVar("T", bound="WithholdingReport")


@_attrs_define
class WithholdingReport:
    """
    Attributes:
        object_ (Any):  Default: 'list'.
        month (str):  Example: 2027-03.
        data (list[WithholdingLine]): Per worker and currency, by worker id; empty for none
    """

    month: str
    data: list[WithholdingLine]
    object_: Any = "list"

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        month = self.month

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "month": month,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.withholding_line import WithholdingLine

        d = dict(src_dict)
        object_ = d.pop("object")

        month = d.pop("month")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = WithholdingLine.from_dict(data_item_data)

            data.append(data_item)

        withholding_report = cls(
            object_=object_,
            month=month,
            data=data,
        )

        return withholding_report
