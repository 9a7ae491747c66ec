from typing import Literal

ListInsuranceClaimsStatus = Literal[
    "approved", "paid", "rejected", "submitted", "under_review"
]

LIST_INSURANCE_CLAIMS_STATUS_VALUES: set[ListInsuranceClaimsStatus] = {
    "approved",
    "paid",
    "rejected",
    "submitted",
    "under_review",
}


def check_list_insurance_claims_status(value: str) -> ListInsuranceClaimsStatus:
    if value in LIST_INSURANCE_CLAIMS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_INSURANCE_CLAIMS_STATUS_VALUES!r}"
    )
