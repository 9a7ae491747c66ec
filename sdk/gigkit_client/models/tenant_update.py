from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.tenant_update_currency import (
    TenantUpdateCurrency,
    check_tenant_update_currency,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TenantUpdate")


@_attrs_define
class TenantUpdate:
    """
    Attributes:
        name (str | Unset):
        time_zone (str | Unset): IANA time zone, used for calendar days Example: Asia/Shanghai.
        locale (str | Unset):
        currency (TenantUpdateCurrency | Unset):
    """

    name: str | Unset = UNSET
    time_zone: str | Unset = UNSET
    locale: str | Unset = UNSET
    currency: TenantUpdateCurrency | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        time_zone = self.time_zone

        locale = self.locale

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if locale is not UNSET:
            field_dict["locale"] = locale
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        time_zone = d.pop("time_zone", UNSET)

        locale = d.pop("locale", UNSET)

        _currency = d.pop("currency", UNSET)
        currency: TenantUpdateCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_tenant_update_currency(_currency)

        tenant_update = cls(
            name=name,
            time_zone=time_zone,
            locale=locale,
            currency=currency,
        )

        return tenant_update
