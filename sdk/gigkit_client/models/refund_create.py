from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.refund_create_currency import (
    RefundCreateCurrency,
    check_refund_create_currency,
)

T = TypeVar("T", bound="RefundCreate")


@_attrs_define
class RefundCreate:
    """
    Example:
        {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 100000, 'currency': 'CNY'}

    Attributes:
        employer_id (str):  Example: emp_11111111111111111111111111.
        amount (int): Positive integer, in the currency's minor units (28000 = 280.00 CNY) Example: 28000.
        currency (RefundCreateCurrency):  Example: CNY.
    """

    employer_id: str
    amount: int
    currency: RefundCreateCurrency

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        amount = self.amount

        currency: str = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "employer_id": employer_id,
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        amount = d.pop("amount")

        currency = check_refund_create_currency(d.pop("currency"))

        refund_create = cls(
            employer_id=employer_id,
            amount=amount,
            currency=currency,
        )

        return refund_create
