from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.payout_account_kind import PayoutAccountKind, check_payout_account_kind

T = TypeVar("T", bound="PayoutAccount")


@_attrs_define
class PayoutAccount:
    """
    Attributes:
        kind (PayoutAccountKind):
        provider (str): e.g. wechat, alipay, or the bank's name
        account_reference (str): Wallet id or account number. Write-only; stored encrypted.
    """

    kind: PayoutAccountKind
    provider: str
    account_reference: str

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        provider = self.provider

        account_reference = self.account_reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "provider": provider,
                "account_reference": account_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = check_payout_account_kind(d.pop("kind"))

        provider = d.pop("provider")

        account_reference = d.pop("account_reference")

        payout_account = cls(
            kind=kind,
            provider=provider,
            account_reference=account_reference,
        )

        return payout_account
