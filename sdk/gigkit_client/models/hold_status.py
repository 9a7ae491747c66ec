from typing import Literal

HoldStatus = Literal["active", "cancelled", "partially_released", "released"]

HOLD_STATUS_VALUES: set[HoldStatus] = {
    "active",
    "cancelled",
    "partially_released",
    "released",
}


def check_hold_status(value: str) -> HoldStatus:
    if value in HOLD_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {HOLD_STATUS_VALUES!r}"
    )
