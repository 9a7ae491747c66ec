from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EscrowBalance")


@_attrs_define
class EscrowBalance:
    """
    Example:
        {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'currency': 'CNY', 'available': 944000, 'held': 28000,
            'total': 972000}

    Attributes:
        employer_id (str):
        currency (str):
        available (int): Free to hold
        held (int): Reserved by holds
        total (int):
    """

    employer_id: str
    currency: str
    available: int
    held: int
    total: int

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        currency = self.currency

        available = self.available

        held = self.held

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "employer_id": employer_id,
                "currency": currency,
                "available": available,
                "held": held,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        currency = d.pop("currency")

        available = d.pop("available")

        held = d.pop("held")

        total = d.pop("total")

        escrow_balance = cls(
            employer_id=employer_id,
            currency=currency,
            available=available,
            held=held,
            total=total,
        )

        return escrow_balance
