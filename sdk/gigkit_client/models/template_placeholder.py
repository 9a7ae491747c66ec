from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.template_placeholder_type import (
    TemplatePlaceholderType,
    check_template_placeholder_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplatePlaceholder")


@_attrs_define
class TemplatePlaceholder:
    """
    Attributes:
        name (str):  Example: wage.
        type_ (TemplatePlaceholderType): text, integer, money (minor units), date (YYYY-MM-DD): given in `variables`;
            worker.name, worker.mobile, worker.id_card, employer.name, employer.credit_code: filled from the signers (mobile
            and ID card masked)
        label (str | Unset):  Default: ''.
    """

    name: str
    type_: TemplatePlaceholderType
    label: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_: str = self.type_

        label = self.label

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = check_template_placeholder_type(d.pop("type"))

        label = d.pop("label", UNSET)

        template_placeholder = cls(
            name=name,
            type_=type_,
            label=label,
        )

        return template_placeholder
