from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PayoutRetry")


@_attrs_define
class PayoutRetry:
    """
    Attributes:
        refresh_destination (bool | Unset): false (default): pay the account recorded on the payout again. true: take
            the worker's payout account as it is now (after correcting it) Default: False.
    """

    refresh_destination: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        refresh_destination = self.refresh_destination

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if refresh_destination is not UNSET:
            field_dict["refresh_destination"] = refresh_destination

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        refresh_destination = d.pop("refresh_destination", UNSET)

        payout_retry = cls(
            refresh_destination=refresh_destination,
        )

        return payout_retry
