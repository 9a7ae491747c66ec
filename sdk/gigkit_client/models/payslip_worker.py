from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayslipWorker")


@_attrs_define
class PayslipWorker:
    """
    Attributes:
        id (str):
        name (str):
        id_card_masked (str):  Example: 110101********1234.
    """

    id: str
    name: str
    id_card_masked: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        id_card_masked = self.id_card_masked

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "id_card_masked": id_card_masked,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        id_card_masked = d.pop("id_card_masked")

        payslip_worker = cls(
            id=id,
            name=name,
            id_card_masked=id_card_masked,
        )

        return payslip_worker
