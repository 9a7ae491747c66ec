from typing import Literal

NotificationStatus = Literal["confirmed", "pending", "refused"]

NOTIFICATION_STATUS_VALUES: set[NotificationStatus] = {
    "confirmed",
    "pending",
    "refused",
}


def check_notification_status(value: str) -> NotificationStatus:
    if value in NOTIFICATION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NOTIFICATION_STATUS_VALUES!r}"
    )
