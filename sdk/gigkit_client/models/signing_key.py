from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.signing_key_alg import SigningKeyAlg, check_signing_key_alg
from ..models.signing_key_status import SigningKeyStatus, check_signing_key_status

T = TypeVar("T", bound="SigningKey")


@_attrs_define
class SigningKey:
    """
    Attributes:
        kid (str):
        alg (SigningKeyAlg):
        public_key (str): Raw 32-byte public key, base64url
        status (SigningKeyStatus):
    """

    kid: str
    alg: SigningKeyAlg
    public_key: str
    status: SigningKeyStatus

    def to_dict(self) -> dict[str, Any]:
        kid = self.kid

        alg: str = self.alg

        public_key = self.public_key

        status: str = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kid": kid,
                "alg": alg,
                "public_key": public_key,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kid = d.pop("kid")

        alg = check_signing_key_alg(d.pop("alg"))

        public_key = d.pop("public_key")

        status = check_signing_key_status(d.pop("status"))

        signing_key = cls(
            kid=kid,
            alg=alg,
            public_key=public_key,
            status=status,
        )

        return signing_key
