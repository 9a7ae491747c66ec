from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EarningsTotal")


@_attrs_define
class EarningsTotal:
    """
    Attributes:
        currency (str):
        payslips (int):
        gross (int):
        withheld (int): IIT withheld
        net (int):
        paid (int): Net whose payout is paid
        pending (int): Net whose payout has not reached the worker
    """

    currency: str
    payslips: int
    gross: int
    withheld: int
    net: int
    paid: int
    pending: int

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        payslips = self.payslips

        gross = self.gross

        withheld = self.withheld

        net = self.net

        paid = self.paid

        pending = self.pending

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "payslips": payslips,
                "gross": gross,
                "withheld": withheld,
                "net": net,
                "paid": paid,
                "pending": pending,
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

        paid = d.pop("paid")

        pending = d.pop("pending")

        earnings_total = cls(
            currency=currency,
            payslips=payslips,
            gross=gross,
            withheld=withheld,
            net=net,
            paid=paid,
            pending=pending,
        )

        return earnings_total
