from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="YearToDate")


@_attrs_define
class YearToDate:
    """
    Attributes:
        currency (str):
        payslips (int):
        gross (int):
        withheld (int):
        net (int):
    """

    currency: str
    payslips: int
    gross: int
    withheld: int
    net: int

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        payslips = self.payslips

        gross = self.gross

        withheld = self.withheld

        net = self.net

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "payslips": payslips,
                "gross": gross,
                "withheld": withheld,
                "net": net,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        payslips = d.pop("payslips")

        gross = d.pop("gross")

        withheld = d.pop("withheld")

        net = d.pop("net")

        year_to_date = cls(
            currency=currency,
            payslips=payslips,
            gross=gross,
            withheld=withheld,
            net=net,
        )

        return year_to_date
