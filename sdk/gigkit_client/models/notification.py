from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.notification_kind import NotificationKind, check_notification_kind
from ..models.notification_status import NotificationStatus, check_notification_status

T = TypeVar("T", bound="Notification")


@_attrs_define
class Notification:
    """
    Attributes:
        id (str):
        kind (NotificationKind):
        day_id (None | str):
        status (NotificationStatus):
        attempts (int):
        last_error (None | str):
        insurer_reference (None | str):
        insurer_effective_at (datetime.datetime | None):
        confirmed_at (datetime.datetime | None):
    """

    id: str
    kind: NotificationKind
    day_id: None | str
    status: NotificationStatus
    attempts: int
    last_error: None | str
    insurer_reference: None | str
    insurer_effective_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind: str = self.kind

        day_id: None | str
        day_id = self.day_id

        status: str = self.status

        attempts = self.attempts

        last_error: None | str
        last_error = self.last_error

        insurer_reference: None | str
        insurer_reference = self.insurer_reference

        insurer_effective_at: None | str
        if isinstance(self.insurer_effective_at, datetime.datetime):
            insurer_effective_at = self.insurer_effective_at.isoformat()
        else:
            insurer_effective_at = self.insurer_effective_at

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "day_id": day_id,
                "status": status,
                "attempts": attempts,
                "last_error": last_error,
                "insurer_reference": insurer_reference,
                "insurer_effective_at": insurer_effective_at,
                "confirmed_at": confirmed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        kind = check_notification_kind(d.pop("kind"))

        def _parse_day_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        day_id = _parse_day_id(d.pop("day_id"))

        status = check_notification_status(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_insurer_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurer_reference = _parse_insurer_reference(d.pop("insurer_reference"))

        def _parse_insurer_effective_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                insurer_effective_at_type_0 = datetime.datetime.fromisoformat(data)

                return insurer_effective_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        insurer_effective_at = _parse_insurer_effective_at(
            d.pop("insurer_effective_at")
        )

        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))

        notification = cls(
            id=id,
            kind=kind,
            day_id=day_id,
            status=status,
            attempts=attempts,
            last_error=last_error,
            insurer_reference=insurer_reference,
            insurer_effective_at=insurer_effective_at,
            confirmed_at=confirmed_at,
        )

        return notification
