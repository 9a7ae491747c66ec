from typing import Literal

ClaimReviewDecision = Literal["approve", "reject", "start_review"]

CLAIM_REVIEW_DECISION_VALUES: set[ClaimReviewDecision] = {
    "approve",
    "reject",
    "start_review",
}


def check_claim_review_decision(value: str) -> ClaimReviewDecision:
    if value in CLAIM_REVIEW_DECISION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLAIM_REVIEW_DECISION_VALUES!r}"
    )
