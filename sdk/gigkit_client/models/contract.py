from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contract_status import ContractStatus, check_contract_status

if TYPE_CHECKING:
    from ..models.contract_metadata import ContractMetadata
    from ..models.contract_variables import ContractVariables
    from ..models.signer import Signer


T = TypeVar("T", bound="Contract")


@_attrs_define
class Contract:
    """
    Attributes:
        id (str):  Example: ctr_01m8h45kdxqf2ynbr6ke6qk468.
        template_id (str):
        title (str):
        locale (str):
        status (ContractStatus):
        variables (ContractVariables):
        document (str): The rendered text
        document_sha256 (None | str): Fixed when sent
        signers (list[Signer]):
        sign_by (datetime.datetime | None):
        sent_at (datetime.datetime | None):
        completed_at (datetime.datetime | None):
        ended_at (datetime.datetime | None): Declined, voided or expired
        end_reason (None | str):
        rescinds_id (None | str): This agreement rescinds it
        rescinded_by_id (None | str):
        rescinded_at (datetime.datetime | None):
        chain_hash (str): The audit chain's last hash
        seal (None | str): Ed25519 signature (base64url) made on completion
        seal_key_id (None | str):
        pdf_sha256 (None | str): SHA-256 of the sealed PDF, once it is made (a moment after completion;
            `contract.document.ready`)
        pdf_seal (None | str): Ed25519 signature (base64url) of the sealed PDF: over `purpose` `contract-pdf`,
            `contract_id`, `tenant_id`, `seal` and `pdf_sha256`
        pdf_seal_key_id (None | str):
        metadata (ContractMetadata):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    template_id: str
    title: str
    locale: str
    status: ContractStatus
    variables: ContractVariables
    document: str
    document_sha256: None | str
    signers: list[Signer]
    sign_by: datetime.datetime | None
    sent_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    end_reason: None | str
    rescinds_id: None | str
    rescinded_by_id: None | str
    rescinded_at: datetime.datetime | None
    chain_hash: str
    seal: None | str
    seal_key_id: None | str
    pdf_sha256: None | str
    pdf_seal: None | str
    pdf_seal_key_id: None | str
    metadata: ContractMetadata
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        template_id = self.template_id

        title = self.title

        locale = self.locale

        status: str = self.status

        variables = self.variables.to_dict()

        document = self.document

        document_sha256: None | str
        document_sha256 = self.document_sha256

        signers = []
        for signers_item_data in self.signers:
            signers_item = signers_item_data.to_dict()
            signers.append(signers_item)

        sign_by: None | str
        if isinstance(self.sign_by, datetime.datetime):
            sign_by = self.sign_by.isoformat()
        else:
            sign_by = self.sign_by

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        end_reason: None | str
        end_reason = self.end_reason

        rescinds_id: None | str
        rescinds_id = self.rescinds_id

        rescinded_by_id: None | str
        rescinded_by_id = self.rescinded_by_id

        rescinded_at: None | str
        if isinstance(self.rescinded_at, datetime.datetime):
            rescinded_at = self.rescinded_at.isoformat()
        else:
            rescinded_at = self.rescinded_at

        chain_hash = self.chain_hash

        seal: None | str
        seal = self.seal

        seal_key_id: None | str
        seal_key_id = self.seal_key_id

        pdf_sha256: None | str
        pdf_sha256 = self.pdf_sha256

        pdf_seal: None | str
        pdf_seal = self.pdf_seal

        pdf_seal_key_id: None | str
        pdf_seal_key_id = self.pdf_seal_key_id

        metadata = self.metadata.to_dict()

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "template_id": template_id,
                "title": title,
                "locale": locale,
                "status": status,
                "variables": variables,
                "document": document,
                "document_sha256": document_sha256,
                "signers": signers,
                "sign_by": sign_by,
                "sent_at": sent_at,
                "completed_at": completed_at,
                "ended_at": ended_at,
                "end_reason": end_reason,
                "rescinds_id": rescinds_id,
                "rescinded_by_id": rescinded_by_id,
                "rescinded_at": rescinded_at,
                "chain_hash": chain_hash,
                "seal": seal,
                "seal_key_id": seal_key_id,
                "pdf_sha256": pdf_sha256,
                "pdf_seal": pdf_seal,
                "pdf_seal_key_id": pdf_seal_key_id,
                "metadata": metadata,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contract_metadata import ContractMetadata
        from ..models.contract_variables import ContractVariables
        from ..models.signer import Signer

        d = dict(src_dict)
        id = d.pop("id")

        template_id = d.pop("template_id")

        title = d.pop("title")

        locale = d.pop("locale")

        status = check_contract_status(d.pop("status"))

        variables = ContractVariables.from_dict(d.pop("variables"))

        document = d.pop("document")

        def _parse_document_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        document_sha256 = _parse_document_sha256(d.pop("document_sha256"))

        signers = []
        _signers = d.pop("signers")
        for signers_item_data in _signers:
            signers_item = Signer.from_dict(signers_item_data)

            signers.append(signers_item)

        def _parse_sign_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sign_by_type_0 = datetime.datetime.fromisoformat(data)

                return sign_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sign_by = _parse_sign_by(d.pop("sign_by"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

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

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_rescinds_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rescinds_id = _parse_rescinds_id(d.pop("rescinds_id"))

        def _parse_rescinded_by_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rescinded_by_id = _parse_rescinded_by_id(d.pop("rescinded_by_id"))

        def _parse_rescinded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rescinded_at_type_0 = datetime.datetime.fromisoformat(data)

                return rescinded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        rescinded_at = _parse_rescinded_at(d.pop("rescinded_at"))

        chain_hash = d.pop("chain_hash")

        def _parse_seal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seal = _parse_seal(d.pop("seal"))

        def _parse_seal_key_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seal_key_id = _parse_seal_key_id(d.pop("seal_key_id"))

        def _parse_pdf_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_sha256 = _parse_pdf_sha256(d.pop("pdf_sha256"))

        def _parse_pdf_seal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_seal = _parse_pdf_seal(d.pop("pdf_seal"))

        def _parse_pdf_seal_key_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_seal_key_id = _parse_pdf_seal_key_id(d.pop("pdf_seal_key_id"))

        metadata = ContractMetadata.from_dict(d.pop("metadata"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        contract = cls(
            id=id,
            template_id=template_id,
            title=title,
            locale=locale,
            status=status,
            variables=variables,
            document=document,
            document_sha256=document_sha256,
            signers=signers,
            sign_by=sign_by,
            sent_at=sent_at,
            completed_at=completed_at,
            ended_at=ended_at,
            end_reason=end_reason,
            rescinds_id=rescinds_id,
            rescinded_by_id=rescinded_by_id,
            rescinded_at=rescinded_at,
            chain_hash=chain_hash,
            seal=seal,
            seal_key_id=seal_key_id,
            pdf_sha256=pdf_sha256,
            pdf_seal=pdf_seal,
            pdf_seal_key_id=pdf_seal_key_id,
            metadata=metadata,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
        )

        return contract
