from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.signature_consent import SignatureConsent


T = TypeVar("T", bound="ContractSignature")


@_attrs_define
class ContractSignature:
    """
    Attributes:
        signer_id (str):  Example: sgn_11111111111111111111111111.
        consent (SignatureConsent):
    """

    signer_id: str
    consent: SignatureConsent

    def to_dict(self) -> dict[str, Any]:
        signer_id = self.signer_id

        consent = self.consent.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signer_id": signer_id,
                "consent": consent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.signature_consent import SignatureConsent

        d = dict(src_dict)
        signer_id = d.pop("signer_id")

        consent = SignatureConsent.from_dict(d.pop("consent"))

        contract_signature = cls(
            signer_id=signer_id,
            consent=consent,
        )

        return contract_signature
