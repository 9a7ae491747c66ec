from typing import Literal

WebhookDeliveryOrigin = Literal["event", "redelivery", "test"]

WEBHOOK_DELIVERY_ORIGIN_VALUES: set[WebhookDeliveryOrigin] = {
    "event",
    "redelivery",
    "test",
}


def check_webhook_delivery_origin(value: str) -> WebhookDeliveryOrigin:
    if value in WEBHOOK_DELIVERY_ORIGIN_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {WEBHOOK_DELIVERY_ORIGIN_VALUES!r}"
    )
