from typing import Literal

ContractVerificationMatchedType1 = Literal["document", "pdf"]

CONTRACT_VERIFICATION_MATCHED_TYPE_1_VALUES: set[ContractVerificationMatchedType1] = {
    "document",
    "pdf",
}


def check_contract_verification_matched_type_1(
    value: str,
) -> ContractVerificationMatchedType1:
    if value in CONTRACT_VERIFICATION_MATCHED_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_VERIFICATION_MATCHED_TYPE_1_VALUES!r}"
    )
