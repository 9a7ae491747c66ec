from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseCreate")


@_attrs_define
class ReleaseCreate:
    """
    Example:
        {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount': 28000}

    Attributes:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        amount (int | Unset): Default: everything that remains Example: 28000.
        keep_remainder_held (bool | Unset): Keep the rest reserved (false: give it back to available) Default: False.
    """

    worker_id: str
    amount: int | Unset = UNSET
    keep_remainder_held: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        amount = self.amount

        keep_remainder_held = self.keep_remainder_held

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
        if keep_remainder_held is not UNSET:
            field_dict["keep_remainder_held"] = keep_remainder_held

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        amount = d.pop("amount", UNSET)

        keep_remainder_held = d.pop("keep_remainder_held", UNSET)

        release_create = cls(
            worker_id=worker_id,
            amount=amount,
            keep_remainder_held=keep_remainder_held,
        )

        return release_create
