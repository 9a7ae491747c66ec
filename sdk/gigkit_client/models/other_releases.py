from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OtherReleases")


@_attrs_define
class OtherReleases:
    """
    Attributes:
        wages (int):
        tax_withheld (int):
        fees (int):
    """

    wages: int
    tax_withheld: int
    fees: int

    def to_dict(self) -> dict[str, Any]:
        wages = self.wages

        tax_withheld = self.tax_withheld

        fees = self.fees

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "wages": wages,
                "tax_withheld": tax_withheld,
                "fees": fees,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        wages = d.pop("wages")

        tax_withheld = d.pop("tax_withheld")

        fees = d.pop("fees")

        other_releases = cls(
            wages=wages,
            tax_withheld=tax_withheld,
            fees=fees,
        )

        return other_releases
