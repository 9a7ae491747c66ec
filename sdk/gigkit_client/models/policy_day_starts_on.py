from typing import Literal

PolicyDayStartsOn = Literal["clock_in", "day_start"]

POLICY_DAY_STARTS_ON_VALUES: set[PolicyDayStartsOn] = {
    "clock_in",
    "day_start",
}


def check_policy_day_starts_on(value: str) -> PolicyDayStartsOn:
    if value in POLICY_DAY_STARTS_ON_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {POLICY_DAY_STARTS_ON_VALUES!r}"
    )
