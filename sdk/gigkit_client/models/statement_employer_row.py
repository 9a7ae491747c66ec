from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payslip_party import PayslipParty


T = TypeVar("T", bound="StatementEmployerRow")


@_attrs_define
class StatementEmployerRow:
    """
    Attributes:
        currency (str):
        days (int): Days worked
        payslips (int): In force
        gross (int):
        withheld (int):
        net (int):
        paid (int): Net paid out
        pending (int): Net on its way
        employer (PayslipParty):
    """

    currency: str
    days: int
    payslips: int
    gross: int
    withheld: int
    net: int
    paid: int
    pending: int
    employer: PayslipParty

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        days = self.days

        payslips = self.payslips

        gross = self.gross

        withheld = self.withheld

        net = self.net

        paid = self.paid

        pending = self.pending

        employer = self.employer.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "days": days,
                "payslips": payslips,
                "gross": gross,
                "withheld": withheld,
                "net": net,
                "paid": paid,
                "pending": pending,
                "employer": employer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payslip_party import PayslipParty

        d = dict(src_dict)
        currency = d.pop("currency")

        days = d.pop("days")

        payslips = d.pop("payslips")

        gross = d.pop("gross")

        withheld = d.pop("withheld")

        net = d.pop("net")

        paid = d.pop("paid")

        pending = d.pop("pending")

        employer = PayslipParty.from_dict(d.pop("employer"))

        statement_employer_row = cls(
            currency=currency,
            days=days,
            payslips=payslips,
            gross=gross,
            withheld=withheld,
            net=net,
            paid=paid,
            pending=pending,
            employer=employer,
        )

        return statement_employer_row
