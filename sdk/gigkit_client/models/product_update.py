from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.product_update_currency import (
    ProductUpdateCurrency,
    check_product_update_currency,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.coverage import Coverage
    from ..models.product_update_metadata import ProductUpdateMetadata


T = TypeVar("T", bound="ProductUpdate")


@_attrs_define
class ProductUpdate:
    """
    Attributes:
        name (str):
        daily_premium (int): Per covered day Example: 28000.
        coverages (list[Coverage]):
        min_age (int):
        max_age (int):
        currency (ProductUpdateCurrency | Unset): Default: the tenant's currency Example: CNY.
        excluded_job_categories (list[str] | Unset):
        metadata (ProductUpdateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`,
            `]` or control characters), values up to 500 characters. Never put personal data here.
    """

    name: str
    daily_premium: int
    coverages: list[Coverage]
    min_age: int
    max_age: int
    currency: ProductUpdateCurrency | Unset = UNSET
    excluded_job_categories: list[str] | Unset = UNSET
    metadata: ProductUpdateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        daily_premium = self.daily_premium

        coverages = []
        for coverages_item_data in self.coverages:
            coverages_item = coverages_item_data.to_dict()
            coverages.append(coverages_item)

        min_age = self.min_age

        max_age = self.max_age

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        excluded_job_categories: list[str] | Unset = UNSET
        if not isinstance(self.excluded_job_categories, Unset):
            excluded_job_categories = self.excluded_job_categories

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "daily_premium": daily_premium,
                "coverages": coverages,
                "min_age": min_age,
                "max_age": max_age,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if excluded_job_categories is not UNSET:
            field_dict["excluded_job_categories"] = excluded_job_categories
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.coverage import Coverage
        from ..models.product_update_metadata import ProductUpdateMetadata

        d = dict(src_dict)
        name = d.pop("name")

        daily_premium = d.pop("daily_premium")

        coverages = []
        _coverages = d.pop("coverages")
        for coverages_item_data in _coverages:
            coverages_item = Coverage.from_dict(coverages_item_data)

            coverages.append(coverages_item)

        min_age = d.pop("min_age")

        max_age = d.pop("max_age")

        _currency = d.pop("currency", UNSET)
        currency: ProductUpdateCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_product_update_currency(_currency)

        excluded_job_categories = cast(
            list[str], d.pop("excluded_job_categories", UNSET)
        )

        _metadata = d.pop("metadata", UNSET)
        metadata: ProductUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ProductUpdateMetadata.from_dict(_metadata)

        product_update = cls(
            name=name,
            daily_premium=daily_premium,
            coverages=coverages,
            min_age=min_age,
            max_age=max_age,
            currency=currency,
            excluded_job_categories=excluded_job_categories,
            metadata=metadata,
        )

        return product_update
