from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.coverage import Coverage
    from ..models.product_metadata import ProductMetadata


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
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
        id (str):
        insurer (str):
        version (int): The current version
        metadata (ProductMetadata):
        updated_at (datetime.datetime):
    """

    name: str
    currency: str
    daily_premium: int
    coverages: list[Coverage]
    min_age: int
    max_age: int
    excluded_job_categories: list[str]
    created_at: datetime.datetime
    id: str
    insurer: str
    version: int
    metadata: ProductMetadata
    updated_at: datetime.datetime

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

        id = self.id

        insurer = self.insurer

        version = self.version

        metadata = self.metadata.to_dict()

        updated_at = self.updated_at.isoformat()

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
                "id": id,
                "insurer": insurer,
                "version": version,
                "metadata": metadata,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.coverage import Coverage
        from ..models.product_metadata import ProductMetadata

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

        id = d.pop("id")

        insurer = d.pop("insurer")

        version = d.pop("version")

        metadata = ProductMetadata.from_dict(d.pop("metadata"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        product = cls(
            name=name,
            currency=currency,
            daily_premium=daily_premium,
            coverages=coverages,
            min_age=min_age,
            max_age=max_age,
            excluded_job_categories=excluded_job_categories,
            created_at=created_at,
            id=id,
            insurer=insurer,
            version=version,
            metadata=metadata,
            updated_at=updated_at,
        )

        return product
