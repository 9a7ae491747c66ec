from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContractDecline")


@_attrs_define
class ContractDecline:
    """
    Attributes:
        signer_id (str):  Example: sgn_11111111111111111111111111.
        reason (str):
    """

    signer_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        signer_id = self.signer_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signer_id": signer_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        signer_id = d.pop("signer_id")

        reason = d.pop("reason")

        contract_decline = cls(
            signer_id=signer_id,
            reason=reason,
        )

        return contract_decline
