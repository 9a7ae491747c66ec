from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.signing_link_issued_status import (
    SigningLinkIssuedStatus,
    check_signing_link_issued_status,
)

T = TypeVar("T", bound="SigningLinkIssued")


@_attrs_define
class SigningLinkIssued:
    """
    Attributes:
        id (str):  Example: sl_01m8h45kdxqf2ynbr6ke6qk468.
        contract_id (str):
        signer_id (str):
        status (SigningLinkIssuedStatus): locked: five wrong codes; revoked: a newer link was made for the signer;
            contract_closed: nothing left to sign
        expires_at (datetime.datetime): When the link stops working
        used_at (datetime.datetime | None):
        failed_attempts (int):
        revoked_at (datetime.datetime | None):
        created_at (datetime.datetime):
        url (str): The hosted signing page. Shown only now
        code (str): The one-time code the signer enters on the page (6 digits). Shown only now: send it to the signer by
            another channel than the URL (e.g. SMS) Example: 042917.
    """

    id: str
    contract_id: str
    signer_id: str
    status: SigningLinkIssuedStatus
    expires_at: datetime.datetime
    used_at: datetime.datetime | None
    failed_attempts: int
    revoked_at: datetime.datetime | None
    created_at: datetime.datetime
    url: str
    code: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        contract_id = self.contract_id

        signer_id = self.signer_id

        status: str = self.status

        expires_at = self.expires_at.isoformat()

        used_at: None | str
        if isinstance(self.used_at, datetime.datetime):
            used_at = self.used_at.isoformat()
        else:
            used_at = self.used_at

        failed_attempts = self.failed_attempts

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        created_at = self.created_at.isoformat()

        url = self.url

        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "contract_id": contract_id,
                "signer_id": signer_id,
                "status": status,
                "expires_at": expires_at,
                "used_at": used_at,
                "failed_attempts": failed_attempts,
                "revoked_at": revoked_at,
                "created_at": created_at,
                "url": url,
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        contract_id = d.pop("contract_id")

        signer_id = d.pop("signer_id")

        status = check_signing_link_issued_status(d.pop("status"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                used_at_type_0 = datetime.datetime.fromisoformat(data)

                return used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        used_at = _parse_used_at(d.pop("used_at"))

        failed_attempts = d.pop("failed_attempts")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        url = d.pop("url")

        code = d.pop("code")

        signing_link_issued = cls(
            id=id,
            contract_id=contract_id,
            signer_id=signer_id,
            status=status,
            expires_at=expires_at,
            used_at=used_at,
            failed_attempts=failed_attempts,
            revoked_at=revoked_at,
            created_at=created_at,
            url=url,
            code=code,
        )

        return signing_link_issued
