from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.coverage_type import CoverageType, check_coverage_type

T = TypeVar("T", bound="Coverage")


@_attrs_define
class Coverage:
    """
    Attributes:
        type_ (CoverageType):
        sum_insured (int): In minor units; per day for `hospital_allowance_per_day` Example: 28000.
    """

    type_: CoverageType
    sum_insured: int

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        sum_insured = self.sum_insured

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "sum_insured": sum_insured,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = check_coverage_type(d.pop("type"))

        sum_insured = d.pop("sum_insured")

        coverage = cls(
            type_=type_,
            sum_insured=sum_insured,
        )

        return coverage
