from typing import Literal

ClockOutBatchProgressStatus = Literal["accepted", "completed", "settling"]

CLOCK_OUT_BATCH_PROGRESS_STATUS_VALUES: set[ClockOutBatchProgressStatus] = {
    "accepted",
    "completed",
    "settling",
}


def check_clock_out_batch_progress_status(value: str) -> ClockOutBatchProgressStatus:
    if value in CLOCK_OUT_BATCH_PROGRESS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLOCK_OUT_BATCH_PROGRESS_STATUS_VALUES!r}"
    )
