from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.signer_party_type import SignerPartyType, check_signer_party_type
from ..models.signer_status import SignerStatus, check_signer_status

if TYPE_CHECKING:
    from ..models.signer_consent_type_0 import SignerConsentType0


T = TypeVar("T", bound="Signer")


@_attrs_define
class Signer:
    """
    Attributes:
        id (str):
        party_type (SignerPartyType):
        party_id (str):
        name (str): As printed on the contract
        role (str):
        order (int):
        status (SignerStatus):
        signed_at (datetime.datetime | None):
        consent (None | SignerConsentType0): method, verification, ip, user_agent, signed_at, and who vouches for them:
            `asserted_by` `gigkit` (the hosted page checked the one-time code) or `platform` (your credential asserted them;
            `asserted_via` names it)
    """

    id: str
    party_type: SignerPartyType
    party_id: str
    name: str
    role: str
    order: int
    status: SignerStatus
    signed_at: datetime.datetime | None
    consent: None | SignerConsentType0

    def to_dict(self) -> dict[str, Any]:
        from ..models.signer_consent_type_0 import SignerConsentType0

        id = self.id

        party_type: str = self.party_type

        party_id = self.party_id

        name = self.name

        role = self.role

        order = self.order

        status: str = self.status

        signed_at: None | str
        if isinstance(self.signed_at, datetime.datetime):
            signed_at = self.signed_at.isoformat()
        else:
            signed_at = self.signed_at

        consent: dict[str, Any] | None
        if isinstance(self.consent, SignerConsentType0):
            consent = self.consent.to_dict()
        else:
            consent = self.consent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "party_type": party_type,
                "party_id": party_id,
                "name": name,
                "role": role,
                "order": order,
                "status": status,
                "signed_at": signed_at,
                "consent": consent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.signer_consent_type_0 import SignerConsentType0

        d = dict(src_dict)
        id = d.pop("id")

        party_type = check_signer_party_type(d.pop("party_type"))

        party_id = d.pop("party_id")

        name = d.pop("name")

        role = d.pop("role")

        order = d.pop("order")

        status = check_signer_status(d.pop("status"))

        def _parse_signed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                signed_at_type_0 = datetime.datetime.fromisoformat(data)

                return signed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        signed_at = _parse_signed_at(d.pop("signed_at"))

        def _parse_consent(data: object) -> None | SignerConsentType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                consent_type_0 = SignerConsentType0.from_dict(data)

                return consent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SignerConsentType0, data)

        consent = _parse_consent(d.pop("consent"))

        signer = cls(
            id=id,
            party_type=party_type,
            party_id=party_id,
            name=name,
            role=role,
            order=order,
            status=status,
            signed_at=signed_at,
            consent=consent,
        )

        return signer
