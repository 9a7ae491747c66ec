from typing import Literal

WebhookAttemptOutcome = Literal["failed", "succeeded"]

WEBHOOK_ATTEMPT_OUTCOME_VALUES: set[WebhookAttemptOutcome] = {
    "failed",
    "succeeded",
}


def check_webhook_attempt_outcome(value: str) -> WebhookAttemptOutcome:
    if value in WEBHOOK_ATTEMPT_OUTCOME_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {WEBHOOK_ATTEMPT_OUTCOME_VALUES!r}"
    )
