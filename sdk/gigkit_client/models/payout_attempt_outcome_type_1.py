from typing import Literal

PayoutAttemptOutcomeType1 = Literal["failed", "paid", "returned"]

PAYOUT_ATTEMPT_OUTCOME_TYPE_1_VALUES: set[PayoutAttemptOutcomeType1] = {
    "failed",
    "paid",
    "returned",
}


def check_payout_attempt_outcome_type_1(value: str) -> PayoutAttemptOutcomeType1:
    if value in PAYOUT_ATTEMPT_OUTCOME_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYOUT_ATTEMPT_OUTCOME_TYPE_1_VALUES!r}"
    )
