from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.deposit_create_currency import (
    DepositCreateCurrency,
    check_deposit_create_currency,
)

T = TypeVar("T", bound="DepositCreate")


@_attrs_define
class DepositCreate:
    """
    Example:
        {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount': 1000000, 'currency': 'CNY'}

    Attributes:
        employer_id (str):  Example: emp_11111111111111111111111111.
        amount (int): Positive integer, in the currency's minor units (28000 = 280.00 CNY) Example: 28000.
        currency (DepositCreateCurrency):  Example: CNY.
    """

    employer_id: str
    amount: int
    currency: DepositCreateCurrency

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

        currency = check_deposit_create_currency(d.pop("currency"))

        deposit_create = cls(
            employer_id=employer_id,
            amount=amount,
            currency=currency,
        )

        return deposit_create
