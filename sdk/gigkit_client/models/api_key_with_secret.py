from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.api_key_with_secret_status import (
    ApiKeyWithSecretStatus,
    check_api_key_with_secret_status,
)

T = TypeVar("T", bound="ApiKeyWithSecret")


@_attrs_define
class ApiKeyWithSecret:
    """
    Attributes:
        id (str):
        name (str):
        mode (str):
        scopes (list[str]):
        prefix (str): First characters
        last4 (str):
        status (ApiKeyWithSecretStatus):
        created_at (datetime.datetime):
        expires_at (datetime.datetime | None):
        revoked_at (datetime.datetime | None):
        last_used_at (datetime.datetime | None):
        rotated_to (None | str):
        secret (str): The key itself. Shown only in this response.
    """

    id: str
    name: str
    mode: str
    scopes: list[str]
    prefix: str
    last4: str
    status: ApiKeyWithSecretStatus
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    rotated_to: None | str
    secret: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        mode = self.mode

        scopes = self.scopes

        prefix = self.prefix

        last4 = self.last4

        status: str = self.status

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        rotated_to: None | str
        rotated_to = self.rotated_to

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "mode": mode,
                "scopes": scopes,
                "prefix": prefix,
                "last4": last4,
                "status": status,
                "created_at": created_at,
                "expires_at": expires_at,
                "revoked_at": revoked_at,
                "last_used_at": last_used_at,
                "rotated_to": rotated_to,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        mode = d.pop("mode")

        scopes = cast(list[str], d.pop("scopes"))

        prefix = d.pop("prefix")

        last4 = d.pop("last4")

        status = check_api_key_with_secret_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        def _parse_last_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at"))

        def _parse_rotated_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rotated_to = _parse_rotated_to(d.pop("rotated_to"))

        secret = d.pop("secret")

        api_key_with_secret = cls(
            id=id,
            name=name,
            mode=mode,
            scopes=scopes,
            prefix=prefix,
            last4=last4,
            status=status,
            created_at=created_at,
            expires_at=expires_at,
            revoked_at=revoked_at,
            last_used_at=last_used_at,
            rotated_to=rotated_to,
            secret=secret,
        )

        return api_key_with_secret
