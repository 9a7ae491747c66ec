from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.fee_type import FeeType, check_fee_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="Fee")


@_attrs_define
class Fee:
    """
    Attributes:
        type_ (FeeType):
        amount (int | Unset): Fixed: per shift, in minor units Example: 28000.
        percent (str | Unset): Percent: of the gross, 0-100, at most 2 decimals Example: 5.
    """

    type_: FeeType
    amount: int | Unset = UNSET
    percent: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        amount = self.amount

        percent = self.percent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
        if percent is not UNSET:
            field_dict["percent"] = percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = check_fee_type(d.pop("type"))

        amount = d.pop("amount", UNSET)

        percent = d.pop("percent", UNSET)

        fee = cls(
            type_=type_,
            amount=amount,
            percent=percent,
        )

        return fee
