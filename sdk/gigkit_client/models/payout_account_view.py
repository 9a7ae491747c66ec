from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.payout_account_view_kind import (
    PayoutAccountViewKind,
    check_payout_account_view_kind,
)

T = TypeVar("T", bound="PayoutAccountView")


@_attrs_define
class PayoutAccountView:
    """
    Attributes:
        kind (PayoutAccountViewKind):
        provider (str):
        masked_reference (str):  Example: *******1234.
    """

    kind: PayoutAccountViewKind
    provider: str
    masked_reference: str

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        provider = self.provider

        masked_reference = self.masked_reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "provider": provider,
                "masked_reference": masked_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = check_payout_account_view_kind(d.pop("kind"))

        provider = d.pop("provider")

        masked_reference = d.pop("masked_reference")

        payout_account_view = cls(
            kind=kind,
            provider=provider,
            masked_reference=masked_reference,
        )

        return payout_account_view
