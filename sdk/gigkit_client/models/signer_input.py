from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignerInput")


@_attrs_define
class SignerInput:
    """
    Attributes:
        party_id (str): A worker (`wkr_...`) or an employer (`emp_...`)
        role (str):  Example: worker.
        order (int | Unset): Signing order; signers with the same order sign in parallel Default: 1.
    """

    party_id: str
    role: str
    order: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        party_id = self.party_id

        role = self.role

        order = self.order

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "party_id": party_id,
                "role": role,
            }
        )
        if order is not UNSET:
            field_dict["order"] = order

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        party_id = d.pop("party_id")

        role = d.pop("role")

        order = d.pop("order", UNSET)

        signer_input = cls(
            party_id=party_id,
            role=role,
            order=order,
        )

        return signer_input
