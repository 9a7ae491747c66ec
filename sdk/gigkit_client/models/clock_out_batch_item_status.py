from typing import Literal

ClockOutBatchItemStatus = Literal["failed", "pending", "settled"]

CLOCK_OUT_BATCH_ITEM_STATUS_VALUES: set[ClockOutBatchItemStatus] = {
    "failed",
    "pending",
    "settled",
}


def check_clock_out_batch_item_status(value: str) -> ClockOutBatchItemStatus:
    if value in CLOCK_OUT_BATCH_ITEM_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLOCK_OUT_BATCH_ITEM_STATUS_VALUES!r}"
    )
