from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.policy_insurer_status import (
    PolicyInsurerStatus,
    check_policy_insurer_status,
)
from ..models.policy_status import PolicyStatus, check_policy_status

if TYPE_CHECKING:
    from ..models.notification import Notification
    from ..models.policy_day import PolicyDay
    from ..models.policy_metadata import PolicyMetadata


T = TypeVar("T", bound="Policy")


@_attrs_define
class Policy:
    """
    Attributes:
        id (str):
        worker_id (str):
        employer_id (str):
        product_id (str):
        product_version (int): The product's terms it was sold under
        insurer (str):
        insurer_status (PolicyInsurerStatus):
        insurer_policy_number (None | str):
        engagement_id (None | str):
        job_category (None | str):
        currency (str):
        daily_premium (int):
        status (PolicyStatus):
        days (list[PolicyDay]):
        notifications (list[Notification]): What the insurer was told, and whether it confirmed
        metadata (PolicyMetadata):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        cancelled_at (datetime.datetime | None):
    """

    id: str
    worker_id: str
    employer_id: str
    product_id: str
    product_version: int
    insurer: str
    insurer_status: PolicyInsurerStatus
    insurer_policy_number: None | str
    engagement_id: None | str
    job_category: None | str
    currency: str
    daily_premium: int
    status: PolicyStatus
    days: list[PolicyDay]
    notifications: list[Notification]
    metadata: PolicyMetadata
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    cancelled_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        worker_id = self.worker_id

        employer_id = self.employer_id

        product_id = self.product_id

        product_version = self.product_version

        insurer = self.insurer

        insurer_status: str = self.insurer_status

        insurer_policy_number: None | str
        insurer_policy_number = self.insurer_policy_number

        engagement_id: None | str
        engagement_id = self.engagement_id

        job_category: None | str
        job_category = self.job_category

        currency = self.currency

        daily_premium = self.daily_premium

        status: str = self.status

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        notifications = []
        for notifications_item_data in self.notifications:
            notifications_item = notifications_item_data.to_dict()
            notifications.append(notifications_item)

        metadata = self.metadata.to_dict()

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "worker_id": worker_id,
                "employer_id": employer_id,
                "product_id": product_id,
                "product_version": product_version,
                "insurer": insurer,
                "insurer_status": insurer_status,
                "insurer_policy_number": insurer_policy_number,
                "engagement_id": engagement_id,
                "job_category": job_category,
                "currency": currency,
                "daily_premium": daily_premium,
                "status": status,
                "days": days,
                "notifications": notifications,
                "metadata": metadata,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
                "cancelled_at": cancelled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.notification import Notification
        from ..models.policy_day import PolicyDay
        from ..models.policy_metadata import PolicyMetadata

        d = dict(src_dict)
        id = d.pop("id")

        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        product_id = d.pop("product_id")

        product_version = d.pop("product_version")

        insurer = d.pop("insurer")

        insurer_status = check_policy_insurer_status(d.pop("insurer_status"))

        def _parse_insurer_policy_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurer_policy_number = _parse_insurer_policy_number(
            d.pop("insurer_policy_number")
        )

        def _parse_engagement_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        engagement_id = _parse_engagement_id(d.pop("engagement_id"))

        def _parse_job_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_category = _parse_job_category(d.pop("job_category"))

        currency = d.pop("currency")

        daily_premium = d.pop("daily_premium")

        status = check_policy_status(d.pop("status"))

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = PolicyDay.from_dict(days_item_data)

            days.append(days_item)

        notifications = []
        _notifications = d.pop("notifications")
        for notifications_item_data in _notifications:
            notifications_item = Notification.from_dict(notifications_item_data)

            notifications.append(notifications_item)

        metadata = PolicyMetadata.from_dict(d.pop("metadata"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        policy = cls(
            id=id,
            worker_id=worker_id,
            employer_id=employer_id,
            product_id=product_id,
            product_version=product_version,
            insurer=insurer,
            insurer_status=insurer_status,
            insurer_policy_number=insurer_policy_number,
            engagement_id=engagement_id,
            job_category=job_category,
            currency=currency,
            daily_premium=daily_premium,
            status=status,
            days=days,
            notifications=notifications,
            metadata=metadata,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
            cancelled_at=cancelled_at,
        )

        return policy
