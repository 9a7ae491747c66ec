from typing import Literal

ListInsurancePoliciesStatus = Literal["active", "cancelled", "expired", "scheduled"]

LIST_INSURANCE_POLICIES_STATUS_VALUES: set[ListInsurancePoliciesStatus] = {
    "active",
    "cancelled",
    "expired",
    "scheduled",
}


def check_list_insurance_policies_status(value: str) -> ListInsurancePoliciesStatus:
    if value in LIST_INSURANCE_POLICIES_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_INSURANCE_POLICIES_STATUS_VALUES!r}"
    )
