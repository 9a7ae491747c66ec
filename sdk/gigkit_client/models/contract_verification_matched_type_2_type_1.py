from typing import Literal

ContractVerificationMatchedType2Type1 = Literal["document", "pdf"]

CONTRACT_VERIFICATION_MATCHED_TYPE_2_TYPE_1_VALUES: set[
    ContractVerificationMatchedType2Type1
] = {
    "document",
    "pdf",
}


def check_contract_verification_matched_type_2_type_1(
    value: str,
) -> ContractVerificationMatchedType2Type1:
    if value in CONTRACT_VERIFICATION_MATCHED_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_VERIFICATION_MATCHED_TYPE_2_TYPE_1_VALUES!r}"
    )
