from typing import Literal

EngagementStatus = Literal["active", "cancelled"]

ENGAGEMENT_STATUS_VALUES: set[EngagementStatus] = {
    "active",
    "cancelled",
}


def check_engagement_status(value: str) -> EngagementStatus:
    if value in ENGAGEMENT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENGAGEMENT_STATUS_VALUES!r}"
    )
