from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FieldError")


@_attrs_define
class FieldError:
    """
    Attributes:
        location (str): body, query, path, header or form
        field (str): Dotted path to the field
        message (str):
    """

    location: str
    field: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        location = self.location

        field = self.field

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location": location,
                "field": field,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        location = d.pop("location")

        field = d.pop("field")

        message = d.pop("message")

        field_error = cls(
            location=location,
            field=field,
            message=message,
        )

        return field_error
