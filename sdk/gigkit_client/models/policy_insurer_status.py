from typing import Literal

PolicyInsurerStatus = Literal["bound", "pending", "refused"]

POLICY_INSURER_STATUS_VALUES: set[PolicyInsurerStatus] = {
    "bound",
    "pending",
    "refused",
}


def check_policy_insurer_status(value: str) -> PolicyInsurerStatus:
    if value in POLICY_INSURER_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {POLICY_INSURER_STATUS_VALUES!r}"
    )
