from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayslipTotals")


@_attrs_define
class PayslipTotals:
    """
    Attributes:
        gross (int):
        withheld (int): IIT withheld
        net (int):
    """

    gross: int
    withheld: int
    net: int

    def to_dict(self) -> dict[str, Any]:
        gross = self.gross

        withheld = self.withheld

        net = self.net

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gross": gross,
                "withheld": withheld,
                "net": net,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gross = d.pop("gross")

        withheld = d.pop("withheld")

        net = d.pop("net")

        payslip_totals = cls(
            gross=gross,
            withheld=withheld,
            net=net,
        )

        return payslip_totals
