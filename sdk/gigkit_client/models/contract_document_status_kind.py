from typing import Literal

ContractDocumentStatusKind = Literal["preview", "sealed"]

CONTRACT_DOCUMENT_STATUS_KIND_VALUES: set[ContractDocumentStatusKind] = {
    "preview",
    "sealed",
}


def check_contract_document_status_kind(value: str) -> ContractDocumentStatusKind:
    if value in CONTRACT_DOCUMENT_STATUS_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_DOCUMENT_STATUS_KIND_VALUES!r}"
    )
