from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.signature_consent_method import (
    SignatureConsentMethod,
    check_signature_consent_method,
)
from ..models.signature_consent_verification import (
    SignatureConsentVerification,
    check_signature_consent_verification,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SignatureConsent")


@_attrs_define
class SignatureConsent:
    """
    Attributes:
        method (SignatureConsentMethod): How the signer was verified. `hosted_page` is not accepted here: gigkit records
            it when the signer signs on the hosted page (signing links)
        verification (SignatureConsentVerification): The verification's result: only `passed` signs
        ip (None | str | Unset): The signer's IP address (IPv4 or IPv6)
        user_agent (None | str | Unset):
    """

    method: SignatureConsentMethod
    verification: SignatureConsentVerification
    ip: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        method: str = self.method

        verification: str = self.verification

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "verification": verification,
            }
        )
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        method = check_signature_consent_method(d.pop("method"))

        verification = check_signature_consent_verification(d.pop("verification"))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        signature_consent = cls(
            method=method,
            verification=verification,
            ip=ip,
            user_agent=user_agent,
        )

        return signature_consent
