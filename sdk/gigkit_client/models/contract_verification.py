from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contract_verification_matched_type_1 import (
    ContractVerificationMatchedType1,
    check_contract_verification_matched_type_1,
)
from ..models.contract_verification_matched_type_2_type_1 import (
    ContractVerificationMatchedType2Type1,
    check_contract_verification_matched_type_2_type_1,
)
from ..models.contract_verification_matched_type_3_type_1 import (
    ContractVerificationMatchedType3Type1,
    check_contract_verification_matched_type_3_type_1,
)

T = TypeVar("T", bound="ContractVerification")


@_attrs_define
class ContractVerification:
    """
    Attributes:
        valid (bool): A document we sealed, with its text, chain and seal intact
        matched (ContractVerificationMatchedType1 | ContractVerificationMatchedType2Type1 |
            ContractVerificationMatchedType3Type1 | None):
        contract_id (None | str):
        status (None | str):
        completed_at (datetime.datetime | None):
        document_intact (bool):
        chain_intact (bool):
        seal_valid (bool):
    """

    valid: bool
    matched: (
        ContractVerificationMatchedType1
        | ContractVerificationMatchedType2Type1
        | ContractVerificationMatchedType3Type1
        | None
    )
    contract_id: None | str
    status: None | str
    completed_at: datetime.datetime | None
    document_intact: bool
    chain_intact: bool
    seal_valid: bool

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        matched: None | str
        if (
            isinstance(self.matched, str)
            or isinstance(self.matched, str)
            or isinstance(self.matched, str)
        ):
            matched = self.matched
        else:
            matched = self.matched

        contract_id: None | str
        contract_id = self.contract_id

        status: None | str
        status = self.status

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        document_intact = self.document_intact

        chain_intact = self.chain_intact

        seal_valid = self.seal_valid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "valid": valid,
                "matched": matched,
                "contract_id": contract_id,
                "status": status,
                "completed_at": completed_at,
                "document_intact": document_intact,
                "chain_intact": chain_intact,
                "seal_valid": seal_valid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        valid = d.pop("valid")

        def _parse_matched(
            data: object,
        ) -> (
            ContractVerificationMatchedType1
            | ContractVerificationMatchedType2Type1
            | ContractVerificationMatchedType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_type_1 = check_contract_verification_matched_type_1(data)

                return matched_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_type_2_type_1 = (
                    check_contract_verification_matched_type_2_type_1(data)
                )

                return matched_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_type_3_type_1 = (
                    check_contract_verification_matched_type_3_type_1(data)
                )

                return matched_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                ContractVerificationMatchedType1
                | ContractVerificationMatchedType2Type1
                | ContractVerificationMatchedType3Type1
                | None,
                data,
            )

        matched = _parse_matched(d.pop("matched"))

        def _parse_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))

        def _parse_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        document_intact = d.pop("document_intact")

        chain_intact = d.pop("chain_intact")

        seal_valid = d.pop("seal_valid")

        contract_verification = cls(
            valid=valid,
            matched=matched,
            contract_id=contract_id,
            status=status,
            completed_at=completed_at,
            document_intact=document_intact,
            chain_intact=chain_intact,
            seal_valid=seal_valid,
        )

        return contract_verification
