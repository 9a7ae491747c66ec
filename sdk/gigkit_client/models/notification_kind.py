from typing import Literal

NotificationKind = Literal["activate", "bind", "cancel"]

NOTIFICATION_KIND_VALUES: set[NotificationKind] = {
    "activate",
    "bind",
    "cancel",
}


def check_notification_kind(value: str) -> NotificationKind:
    if value in NOTIFICATION_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NOTIFICATION_KIND_VALUES!r}"
    )
