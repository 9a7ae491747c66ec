from typing import Literal

ContractDocumentStatusStatus = Literal["rendering"]

CONTRACT_DOCUMENT_STATUS_STATUS_VALUES: set[ContractDocumentStatusStatus] = {
    "rendering",
}


def check_contract_document_status_status(value: str) -> ContractDocumentStatusStatus:
    if value in CONTRACT_DOCUMENT_STATUS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_DOCUMENT_STATUS_STATUS_VALUES!r}"
    )
