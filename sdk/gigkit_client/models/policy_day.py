from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.policy_day_starts_on import PolicyDayStartsOn, check_policy_day_starts_on
from ..models.policy_day_status import PolicyDayStatus, check_policy_day_status

T = TypeVar("T", bound="PolicyDay")


@_attrs_define
class PolicyDay:
    """
    Attributes:
        id (str):
        day (datetime.date):
        status (PolicyDayStatus):
        shift_id (None | str):
        starts_on (PolicyDayStartsOn):
        premium (int):
        hold_id (str):
        release_id (None | str): The premium charged
        cover_starts_at (datetime.datetime | None):
        cover_ends_at (datetime.datetime):
        activated_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
    """

    id: str
    day: datetime.date
    status: PolicyDayStatus
    shift_id: None | str
    starts_on: PolicyDayStartsOn
    premium: int
    hold_id: str
    release_id: None | str
    cover_starts_at: datetime.datetime | None
    cover_ends_at: datetime.datetime
    activated_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        day = self.day.isoformat()

        status: str = self.status

        shift_id: None | str
        shift_id = self.shift_id

        starts_on: str = self.starts_on

        premium = self.premium

        hold_id = self.hold_id

        release_id: None | str
        release_id = self.release_id

        cover_starts_at: None | str
        if isinstance(self.cover_starts_at, datetime.datetime):
            cover_starts_at = self.cover_starts_at.isoformat()
        else:
            cover_starts_at = self.cover_starts_at

        cover_ends_at = self.cover_ends_at.isoformat()

        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "day": day,
                "status": status,
                "shift_id": shift_id,
                "starts_on": starts_on,
                "premium": premium,
                "hold_id": hold_id,
                "release_id": release_id,
                "cover_starts_at": cover_starts_at,
                "cover_ends_at": cover_ends_at,
                "activated_at": activated_at,
                "cancelled_at": cancelled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        day = datetime.date.fromisoformat(d.pop("day"))

        status = check_policy_day_status(d.pop("status"))

        def _parse_shift_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        shift_id = _parse_shift_id(d.pop("shift_id"))

        starts_on = check_policy_day_starts_on(d.pop("starts_on"))

        premium = d.pop("premium")

        hold_id = d.pop("hold_id")

        def _parse_release_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        release_id = _parse_release_id(d.pop("release_id"))

        def _parse_cover_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cover_starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return cover_starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cover_starts_at = _parse_cover_starts_at(d.pop("cover_starts_at"))

        cover_ends_at = datetime.datetime.fromisoformat(d.pop("cover_ends_at"))

        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)

                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activated_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        policy_day = cls(
            id=id,
            day=day,
            status=status,
            shift_id=shift_id,
            starts_on=starts_on,
            premium=premium,
            hold_id=hold_id,
            release_id=release_id,
            cover_starts_at=cover_starts_at,
            cover_ends_at=cover_ends_at,
            activated_at=activated_at,
            cancelled_at=cancelled_at,
        )

        return policy_day
