from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Tenant")


@_attrs_define
class Tenant:
    """
    Attributes:
        id (str):
        name (str):
        mode (str): live or test
        time_zone (str):
        locale (str):
        currency (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    mode: str
    time_zone: str
    locale: str
    currency: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        mode = self.mode

        time_zone = self.time_zone

        locale = self.locale

        currency = self.currency

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "mode": mode,
                "time_zone": time_zone,
                "locale": locale,
                "currency": currency,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        mode = d.pop("mode")

        time_zone = d.pop("time_zone")

        locale = d.pop("locale")

        currency = d.pop("currency")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tenant = cls(
            id=id,
            name=name,
            mode=mode,
            time_zone=time_zone,
            locale=locale,
            currency=currency,
            created_at=created_at,
            updated_at=updated_at,
        )

        return tenant
