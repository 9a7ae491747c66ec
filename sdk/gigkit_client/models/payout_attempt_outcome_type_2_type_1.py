from typing import Literal

PayoutAttemptOutcomeType2Type1 = Literal["failed", "paid", "returned"]

PAYOUT_ATTEMPT_OUTCOME_TYPE_2_TYPE_1_VALUES: set[PayoutAttemptOutcomeType2Type1] = {
    "failed",
    "paid",
    "returned",
}


def check_payout_attempt_outcome_type_2_type_1(
    value: str,
) -> PayoutAttemptOutcomeType2Type1:
    if value in PAYOUT_ATTEMPT_OUTCOME_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYOUT_ATTEMPT_OUTCOME_TYPE_2_TYPE_1_VALUES!r}"
    )
