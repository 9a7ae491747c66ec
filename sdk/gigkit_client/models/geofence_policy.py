from typing import Literal

GeofencePolicy = Literal["flag", "refuse"]

GEOFENCE_POLICY_VALUES: set[GeofencePolicy] = {
    "flag",
    "refuse",
}


def check_geofence_policy(value: str) -> GeofencePolicy:
    if value in GEOFENCE_POLICY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GEOFENCE_POLICY_VALUES!r}"
    )
