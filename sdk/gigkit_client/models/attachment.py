from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Attachment")


@_attrs_define
class Attachment:
    """
    Attributes:
        name (str):
        content_type (str):
        size (int):
        sha256 (str): SHA-256 of the file, 64 lower-case hex digits
    """

    name: str
    content_type: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        content_type = self.content_type

        size = self.size

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "content_type": content_type,
                "size": size,
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        content_type = d.pop("content_type")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        attachment = cls(
            name=name,
            content_type=content_type,
            size=size,
            sha256=sha256,
        )

        return attachment
