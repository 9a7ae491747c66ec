from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.hold_create_currency import HoldCreateCurrency, check_hold_create_currency
from ..types import UNSET, Unset

T = TypeVar("T", bound="HoldCreate")


@_attrs_define
class HoldCreate:
    """
    Example:
        {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 28000, 'currency': 'CNY', 'purpose': 'wages',
            'reference': 'shf shf_01m90z68zk721aq9jtr6npdyg6'}

    Attributes:
        employer_id (str):  Example: emp_11111111111111111111111111.
        amount (int): Positive integer, in the currency's minor units (28000 = 280.00 CNY) Example: 28000.
        currency (HoldCreateCurrency):  Example: CNY.
        purpose (str | Unset): What the money is for: wages, premium... Default: 'wages'.
        reference (str | Unset): Your own reference (an engagement id...)
    """

    employer_id: str
    amount: int
    currency: HoldCreateCurrency
    purpose: str | Unset = "wages"
    reference: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        amount = self.amount

        currency: str = self.currency

        purpose = self.purpose

        reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "employer_id": employer_id,
                "amount": amount,
                "currency": currency,
            }
        )
        if purpose is not UNSET:
            field_dict["purpose"] = purpose
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        amount = d.pop("amount")

        currency = check_hold_create_currency(d.pop("currency"))

        purpose = d.pop("purpose", UNSET)

        reference = d.pop("reference", UNSET)

        hold_create = cls(
            employer_id=employer_id,
            amount=amount,
            currency=currency,
            purpose=purpose,
            reference=reference,
        )

        return hold_create
