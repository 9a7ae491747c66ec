from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.contract_document_status_kind import (
    ContractDocumentStatusKind,
    check_contract_document_status_kind,
)
from ..models.contract_document_status_status import (
    ContractDocumentStatusStatus,
    check_contract_document_status_status,
)

T = TypeVar("T", bound="ContractDocumentStatus")


@_attrs_define
class ContractDocumentStatus:
    """
    Attributes:
        contract_id (str):
        kind (ContractDocumentStatusKind): Which PDF is being made
        status (ContractDocumentStatusStatus):
        retry_after (int): Seconds to wait before asking again
    """

    contract_id: str
    kind: ContractDocumentStatusKind
    status: ContractDocumentStatusStatus
    retry_after: int

    def to_dict(self) -> dict[str, Any]:
        contract_id = self.contract_id

        kind: str = self.kind

        status: str = self.status

        retry_after = self.retry_after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contract_id": contract_id,
                "kind": kind,
                "status": status,
                "retry_after": retry_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contract_id = d.pop("contract_id")

        kind = check_contract_document_status_kind(d.pop("kind"))

        status = check_contract_document_status_status(d.pop("status"))

        retry_after = d.pop("retry_after")

        contract_document_status = cls(
            contract_id=contract_id,
            kind=kind,
            status=status,
            retry_after=retry_after,
        )

        return contract_document_status
