from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geofence import Geofence


T = TypeVar("T", bound="WorkSite")


@_attrs_define
class WorkSite:
    """
    Attributes:
        name (str | Unset):
        geofence (Geofence | None | Unset):
    """

    name: str | Unset = UNSET
    geofence: Geofence | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.geofence import Geofence

        name = self.name

        geofence: dict[str, Any] | None | Unset
        if isinstance(self.geofence, Unset):
            geofence = UNSET
        elif isinstance(self.geofence, Geofence):
            geofence = self.geofence.to_dict()
        else:
            geofence = self.geofence

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if geofence is not UNSET:
            field_dict["geofence"] = geofence

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geofence import Geofence

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_geofence(data: object) -> Geofence | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                geofence_type_1 = Geofence.from_dict(data)

                return geofence_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Geofence | None | Unset, data)

        geofence = _parse_geofence(d.pop("geofence", UNSET))

        work_site = cls(
            name=name,
            geofence=geofence,
        )

        return work_site
