from typing import Literal

ClockOutResultStatus = Literal["failed", "settled"]

CLOCK_OUT_RESULT_STATUS_VALUES: set[ClockOutResultStatus] = {
    "failed",
    "settled",
}


def check_clock_out_result_status(value: str) -> ClockOutResultStatus:
    if value in CLOCK_OUT_RESULT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLOCK_OUT_RESULT_STATUS_VALUES!r}"
    )
