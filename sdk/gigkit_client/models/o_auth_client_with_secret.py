from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.o_auth_client_with_secret_status import (
    OAuthClientWithSecretStatus,
    check_o_auth_client_with_secret_status,
)

T = TypeVar("T", bound="OAuthClientWithSecret")


@_attrs_define
class OAuthClientWithSecret:
    """
    Attributes:
        id (str):
        client_id (str):
        name (str):
        scopes (list[str]):
        secret_last4 (str):
        status (OAuthClientWithSecretStatus):
        created_at (datetime.datetime):
        revoked_at (datetime.datetime | None):
        last_used_at (datetime.datetime | None):
        client_secret (str): Shown only in this response.
    """

    id: str
    client_id: str
    name: str
    scopes: list[str]
    secret_last4: str
    status: OAuthClientWithSecretStatus
    created_at: datetime.datetime
    revoked_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    client_secret: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        client_id = self.client_id

        name = self.name

        scopes = self.scopes

        secret_last4 = self.secret_last4

        status: str = self.status

        created_at = self.created_at.isoformat()

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

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "client_id": client_id,
                "name": name,
                "scopes": scopes,
                "secret_last4": secret_last4,
                "status": status,
                "created_at": created_at,
                "revoked_at": revoked_at,
                "last_used_at": last_used_at,
                "client_secret": client_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        client_id = d.pop("client_id")

        name = d.pop("name")

        scopes = cast(list[str], d.pop("scopes"))

        secret_last4 = d.pop("secret_last4")

        status = check_o_auth_client_with_secret_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        client_secret = d.pop("client_secret")

        o_auth_client_with_secret = cls(
            id=id,
            client_id=client_id,
            name=name,
            scopes=scopes,
            secret_last4=secret_last4,
            status=status,
            created_at=created_at,
            revoked_at=revoked_at,
            last_used_at=last_used_at,
            client_secret=client_secret,
        )

        return o_auth_client_with_secret
