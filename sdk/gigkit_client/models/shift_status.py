from typing import Literal

ShiftStatus = Literal["cancelled", "in_progress", "no_show", "scheduled", "settled"]

SHIFT_STATUS_VALUES: set[ShiftStatus] = {
    "cancelled",
    "in_progress",
    "no_show",
    "scheduled",
    "settled",
}


def check_shift_status(value: str) -> ShiftStatus:
    if value in SHIFT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SHIFT_STATUS_VALUES!r}"
    )
