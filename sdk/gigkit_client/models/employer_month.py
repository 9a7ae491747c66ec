from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.other_releases import OtherReleases
    from ..models.payslip_sums import PayslipSums


T = TypeVar("T", bound="EmployerMonth")


@_attrs_define
class EmployerMonth:
    """
    Attributes:
        currency (str):
        opening_escrow (int): Available and held, at the period's start
        deposits (int):
        refunds (int):
        wages (int): Net released to workers
        tax_withheld (int):
        fees (int): Platform fees
        premiums (int): Insurance premiums
        other (int): Any other movement
        closing_escrow (int): Available and held, at the period's end
        difference (int): closing - (opening + deposits - refunds - releases + other)
        payslips (PayslipSums):
        other_releases (OtherReleases):
        reconciled (bool): difference is 0 and the releases equal the payslips'
    """

    currency: str
    opening_escrow: int
    deposits: int
    refunds: int
    wages: int
    tax_withheld: int
    fees: int
    premiums: int
    other: int
    closing_escrow: int
    difference: int
    payslips: PayslipSums
    other_releases: OtherReleases
    reconciled: bool

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        opening_escrow = self.opening_escrow

        deposits = self.deposits

        refunds = self.refunds

        wages = self.wages

        tax_withheld = self.tax_withheld

        fees = self.fees

        premiums = self.premiums

        other = self.other

        closing_escrow = self.closing_escrow

        difference = self.difference

        payslips = self.payslips.to_dict()

        other_releases = self.other_releases.to_dict()

        reconciled = self.reconciled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "opening_escrow": opening_escrow,
                "deposits": deposits,
                "refunds": refunds,
                "wages": wages,
                "tax_withheld": tax_withheld,
                "fees": fees,
                "premiums": premiums,
                "other": other,
                "closing_escrow": closing_escrow,
                "difference": difference,
                "payslips": payslips,
                "other_releases": other_releases,
                "reconciled": reconciled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.other_releases import OtherReleases
        from ..models.payslip_sums import PayslipSums

        d = dict(src_dict)
        currency = d.pop("currency")

        opening_escrow = d.pop("opening_escrow")

        deposits = d.pop("deposits")

        refunds = d.pop("refunds")

        wages = d.pop("wages")

        tax_withheld = d.pop("tax_withheld")

        fees = d.pop("fees")

        premiums = d.pop("premiums")

        other = d.pop("other")

        closing_escrow = d.pop("closing_escrow")

        difference = d.pop("difference")

        payslips = PayslipSums.from_dict(d.pop("payslips"))

        other_releases = OtherReleases.from_dict(d.pop("other_releases"))

        reconciled = d.pop("reconciled")

        employer_month = cls(
            currency=currency,
            opening_escrow=opening_escrow,
            deposits=deposits,
            refunds=refunds,
            wages=wages,
            tax_withheld=tax_withheld,
            fees=fees,
            premiums=premiums,
            other=other,
            closing_escrow=closing_escrow,
            difference=difference,
            payslips=payslips,
            other_releases=other_releases,
            reconciled=reconciled,
        )

        return employer_month
