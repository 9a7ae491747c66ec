from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Balances")


@_attrs_define
class Balances:
    """
    Attributes:
        posted (int): Posted entries
        pending (int): Posted and pending
        available (int): Posted, less pending outbound entries
    """

    posted: int
    pending: int
    available: int

    def to_dict(self) -> dict[str, Any]:
        posted = self.posted

        pending = self.pending

        available = self.available

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "posted": posted,
                "pending": pending,
                "available": available,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        posted = d.pop("posted")

        pending = d.pop("pending")

        available = d.pop("available")

        balances = cls(
            posted=posted,
            pending=pending,
            available=available,
        )

        return balances
