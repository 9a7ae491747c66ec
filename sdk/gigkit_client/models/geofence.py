from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.geofence_policy import GeofencePolicy, check_geofence_policy
from ..types import UNSET, Unset

T = TypeVar("T", bound="Geofence")


@_attrs_define
class Geofence:
    """
    Attributes:
        latitude (float):
        longitude (float):
        radius_m (int):
        policy (GeofencePolicy | Unset): Outside it: refuse the clock-in/out (422) or flag the shift Default: 'refuse'.
    """

    latitude: float
    longitude: float
    radius_m: int
    policy: GeofencePolicy | Unset = "refuse"

    def to_dict(self) -> dict[str, Any]:
        latitude = self.latitude

        longitude = self.longitude

        radius_m = self.radius_m

        policy: str | Unset = UNSET
        if not isinstance(self.policy, Unset):
            policy = self.policy

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "latitude": latitude,
                "longitude": longitude,
                "radius_m": radius_m,
            }
        )
        if policy is not UNSET:
            field_dict["policy"] = policy

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        radius_m = d.pop("radius_m")

        _policy = d.pop("policy", UNSET)
        policy: GeofencePolicy | Unset
        if isinstance(_policy, Unset):
            policy = UNSET
        else:
            policy = check_geofence_policy(_policy)

        geofence = cls(
            latitude=latitude,
            longitude=longitude,
            radius_m=radius_m,
            policy=policy,
        )

        return geofence
