from typing import Literal

PolicyStatus = Literal["active", "cancelled", "expired", "scheduled"]

POLICY_STATUS_VALUES: set[PolicyStatus] = {
    "active",
    "cancelled",
    "expired",
    "scheduled",
}


def check_policy_status(value: str) -> PolicyStatus:
    if value in POLICY_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {POLICY_STATUS_VALUES!r}"
    )
