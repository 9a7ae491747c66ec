from typing import Literal

ClaimInsurerStatus = Literal["approved", "pending", "received", "rejected"]

CLAIM_INSURER_STATUS_VALUES: set[ClaimInsurerStatus] = {
    "approved",
    "pending",
    "received",
    "rejected",
}


def check_claim_insurer_status(value: str) -> ClaimInsurerStatus:
    if value in CLAIM_INSURER_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLAIM_INSURER_STATUS_VALUES!r}"
    )
