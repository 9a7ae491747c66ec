from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.payout_create_currency import (
    PayoutCreateCurrency,
    check_payout_create_currency,
)

T = TypeVar("T", bound="PayoutCreate")


@_attrs_define
class PayoutCreate:
    """
    Example:
        {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount': 28000, 'currency': 'CNY'}

    Attributes:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        amount (int): Positive integer, in the currency's minor units (28000 = 280.00 CNY) Example: 28000.
        currency (PayoutCreateCurrency):  Example: CNY.
    """

    worker_id: str
    amount: int
    currency: PayoutCreateCurrency

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        amount = self.amount

        currency: str = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        amount = d.pop("amount")

        currency = check_payout_create_currency(d.pop("currency"))

        payout_create = cls(
            worker_id=worker_id,
            amount=amount,
            currency=currency,
        )

        return payout_create
