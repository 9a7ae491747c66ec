from typing import Literal

ListPayoutsStatus = Literal["failed", "paid", "pending", "processing", "returned"]

LIST_PAYOUTS_STATUS_VALUES: set[ListPayoutsStatus] = {
    "failed",
    "paid",
    "pending",
    "processing",
    "returned",
}


def check_list_payouts_status(value: str) -> ListPayoutsStatus:
    if value in LIST_PAYOUTS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PAYOUTS_STATUS_VALUES!r}"
    )
