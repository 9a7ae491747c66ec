from typing import Literal

ListHoldsStatus = Literal["active", "cancelled", "partially_released", "released"]

LIST_HOLDS_STATUS_VALUES: set[ListHoldsStatus] = {
    "active",
    "cancelled",
    "partially_released",
    "released",
}


def check_list_holds_status(value: str) -> ListHoldsStatus:
    if value in LIST_HOLDS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_HOLDS_STATUS_VALUES!r}"
    )
