from typing import Literal

WebhookEndpointWithSecretDisabledReasonType1 = Literal["failing", "gone", "manual"]

WEBHOOK_ENDPOINT_WITH_SECRET_DISABLED_REASON_TYPE_1_VALUES: set[
    WebhookEndpointWithSecretDisabledReasonType1
] = {
    "failing",
    "gone",
    "manual",
}


def check_webhook_endpoint_with_secret_disabled_reason_type_1(
    value: str,
) -> WebhookEndpointWithSecretDisabledReasonType1:
    if value in WEBHOOK_ENDPOINT_WITH_SECRET_DISABLED_REASON_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {WEBHOOK_ENDPOINT_WITH_SECRET_DISABLED_REASON_TYPE_1_VALUES!r}"
    )
