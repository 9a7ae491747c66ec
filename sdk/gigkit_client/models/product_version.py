from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.coverage import Coverage


T = TypeVar("T", bound="ProductVersion")


@_attrs_define
class ProductVersion:
    """
    Attributes:
        name (str):
        currency (str):
        daily_premium (int):
        coverages (list[Coverage]):
        min_age (int):
        max_age (int):
        excluded_job_categories (list[str]):
        created_at (datetime.datetime):
        product_id (str):
        version (int):
    """

    name: str
    currency: str
    daily_premium: int
    coverages: list[Coverage]
    min_age: int
    max_age: int
    excluded_job_categories: list[str]
    created_at: datetime.datetime
    product_id: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        currency = self.currency

        daily_premium = self.daily_premium

        coverages = []
        for coverages_item_data in self.coverages:
            coverages_item = coverages_item_data.to_dict()
            coverages.append(coverages_item)

        min_age = self.min_age

        max_age = self.max_age

        excluded_job_categories = self.excluded_job_categories

        created_at = self.created_at.isoformat()

        product_id = self.product_id

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "currency": currency,
                "daily_premium": daily_premium,
                "coverages": coverages,
                "min_age": min_age,
                "max_age": max_age,
                "excluded_job_categories": excluded_job_categories,
                "created_at": created_at,
                "product_id": product_id,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.coverage import Coverage

        d = dict(src_dict)
        name = d.pop("name")

        currency = d.pop("currency")

        daily_premium = d.pop("daily_premium")

        coverages = []
        _coverages = d.pop("coverages")
        for coverages_item_data in _coverages:
            coverages_item = Coverage.from_dict(coverages_item_data)

            coverages.append(coverages_item)

        min_age = d.pop("min_age")

        max_age = d.pop("max_age")

        excluded_job_categories = cast(list[str], d.pop("excluded_job_categories"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        product_id = d.pop("product_id")

        version = d.pop("version")

        product_version = cls(
            name=name,
            currency=currency,
            daily_premium=daily_premium,
            coverages=coverages,
            min_age=min_age,
            max_age=max_age,
            excluded_job_categories=excluded_job_categories,
            created_at=created_at,
            product_id=product_id,
            version=version,
        )

        return product_version
