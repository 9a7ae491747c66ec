from typing import Literal

DepositStatus = Literal["failed", "pending", "succeeded"]

DEPOSIT_STATUS_VALUES: set[DepositStatus] = {
    "failed",
    "pending",
    "succeeded",
}


def check_deposit_status(value: str) -> DepositStatus:
    if value in DEPOSIT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DEPOSIT_STATUS_VALUES!r}"
    )
