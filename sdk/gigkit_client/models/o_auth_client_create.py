from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.o_auth_client_create_scopes_item import (
    OAuthClientCreateScopesItem,
    check_o_auth_client_create_scopes_item,
)

T = TypeVar("T", bound="OAuthClientCreate")


@_attrs_define
class OAuthClientCreate:
    """
    Attributes:
        name (str):
        scopes (list[OAuthClientCreateScopesItem]):
    """

    name: str
    scopes: list[OAuthClientCreateScopesItem]

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item: str = scopes_item_data
            scopes.append(scopes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = check_o_auth_client_create_scopes_item(scopes_item_data)

            scopes.append(scopes_item)

        o_auth_client_create = cls(
            name=name,
            scopes=scopes,
        )

        return o_auth_client_create
