from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayslipSums")


@_attrs_define
class PayslipSums:
    """
    Attributes:
        payslips (int):
        gross (int):
        withheld (int):
        net (int):
        fees (int):
    """

    payslips: int
    gross: int
    withheld: int
    net: int
    fees: int

    def to_dict(self) -> dict[str, Any]:
        payslips = self.payslips

        gross = self.gross

        withheld = self.withheld

        net = self.net

        fees = self.fees

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payslips": payslips,
                "gross": gross,
                "withheld": withheld,
                "net": net,
                "fees": fees,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        payslips = d.pop("payslips")

        gross = d.pop("gross")

        withheld = d.pop("withheld")

        net = d.pop("net")

        fees = d.pop("fees")

        payslip_sums = cls(
            payslips=payslips,
            gross=gross,
            withheld=withheld,
            net=net,
            fees=fees,
        )

        return payslip_sums
