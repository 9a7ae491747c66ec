from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy_create_metadata import PolicyCreateMetadata


T = TypeVar("T", bound="PolicyCreate")


@_attrs_define
class PolicyCreate:
    """
    Attributes:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        employer_id (str):  Example: emp_11111111111111111111111111.
        product_id (str):  Example: prd_11111111111111111111111111.
        days (list[datetime.date]): Covered days (the tenant's calendar), today or later
        job_category (str | Unset):
        metadata (PolicyCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`, `]`
            or control characters), values up to 500 characters. Never put personal data here.
    """

    worker_id: str
    employer_id: str
    product_id: str
    days: list[datetime.date]
    job_category: str | Unset = UNSET
    metadata: PolicyCreateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        employer_id = self.employer_id

        product_id = self.product_id

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.isoformat()
            days.append(days_item)

        job_category = self.job_category

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "employer_id": employer_id,
                "product_id": product_id,
                "days": days,
            }
        )
        if job_category is not UNSET:
            field_dict["job_category"] = job_category
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.policy_create_metadata import PolicyCreateMetadata

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        product_id = d.pop("product_id")

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = datetime.date.fromisoformat(days_item_data)

            days.append(days_item)

        job_category = d.pop("job_category", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: PolicyCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PolicyCreateMetadata.from_dict(_metadata)

        policy_create = cls(
            worker_id=worker_id,
            employer_id=employer_id,
            product_id=product_id,
            days=days,
            job_category=job_category,
            metadata=metadata,
        )

        return policy_create
