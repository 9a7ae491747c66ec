from typing import Literal

PolicyDayStatus = Literal["active", "cancelled", "expired", "scheduled"]

POLICY_DAY_STATUS_VALUES: set[PolicyDayStatus] = {
    "active",
    "cancelled",
    "expired",
    "scheduled",
}


def check_policy_day_status(value: str) -> PolicyDayStatus:
    if value in POLICY_DAY_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {POLICY_DAY_STATUS_VALUES!r}"
    )
