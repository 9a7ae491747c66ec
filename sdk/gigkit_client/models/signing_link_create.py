from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SigningLinkCreate")


@_attrs_define
class SigningLinkCreate:
    """
    Attributes:
        signer_id (str):  Example: sgn_11111111111111111111111111.
        expires_in (int | Unset): Seconds until the link stops working (default 30 minutes) Default: 1800.
    """

    signer_id: str
    expires_in: int | Unset = 1800

    def to_dict(self) -> dict[str, Any]:
        signer_id = self.signer_id

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signer_id": signer_id,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        signer_id = d.pop("signer_id")

        expires_in = d.pop("expires_in", UNSET)

        signing_link_create = cls(
            signer_id=signer_id,
            expires_in=expires_in,
        )

        return signing_link_create
