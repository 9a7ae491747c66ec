from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.mismatch_kind import MismatchKind, check_mismatch_kind

T = TypeVar("T", bound="Mismatch")


@_attrs_define
class Mismatch:
    """
    Attributes:
        kind (MismatchKind):
        payout_id (None | str):
        provider_reference (None | str):
        detail (str):
    """

    kind: MismatchKind
    payout_id: None | str
    provider_reference: None | str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        payout_id: None | str
        payout_id = self.payout_id

        provider_reference: None | str
        provider_reference = self.provider_reference

        detail = self.detail

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "payout_id": payout_id,
                "provider_reference": provider_reference,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = check_mismatch_kind(d.pop("kind"))

        def _parse_payout_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_id = _parse_payout_id(d.pop("payout_id"))

        def _parse_provider_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_reference = _parse_provider_reference(d.pop("provider_reference"))

        detail = d.pop("detail")

        mismatch = cls(
            kind=kind,
            payout_id=payout_id,
            provider_reference=provider_reference,
            detail=detail,
        )

        return mismatch
