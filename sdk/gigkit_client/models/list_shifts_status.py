from typing import Literal

ListShiftsStatus = Literal[
    "cancelled", "in_progress", "no_show", "scheduled", "settled"
]

LIST_SHIFTS_STATUS_VALUES: set[ListShiftsStatus] = {
    "cancelled",
    "in_progress",
    "no_show",
    "scheduled",
    "settled",
}


def check_list_shifts_status(value: str) -> ListShiftsStatus:
    if value in LIST_SHIFTS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_SHIFTS_STATUS_VALUES!r}"
    )
