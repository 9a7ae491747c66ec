from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location import Location


T = TypeVar("T", bound="ClockOut")


@_attrs_define
class ClockOut:
    """
    Example:
        {'at': '2026-12-04T10:01:00+00:00'}

    Attributes:
        at (datetime.datetime | Unset): When it happened; default now (server time)
        location (Location | Unset):
        quantity (str | Unset): Piece work: the quantity done Example: 120.
    """

    at: datetime.datetime | Unset = UNSET
    location: Location | Unset = UNSET
    quantity: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.isoformat()

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if at is not UNSET:
            field_dict["at"] = at
        if location is not UNSET:
            field_dict["location"] = location
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.location import Location

        d = dict(src_dict)
        _at = d.pop("at", UNSET)
        at: datetime.datetime | Unset
        if isinstance(_at, Unset):
            at = UNSET
        else:
            at = datetime.datetime.fromisoformat(_at)

        _location = d.pop("location", UNSET)
        location: Location | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = Location.from_dict(_location)

        quantity = d.pop("quantity", UNSET)

        clock_out = cls(
            at=at,
            location=location,
            quantity=quantity,
        )

        return clock_out
