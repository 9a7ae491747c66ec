from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.engagement_create_currency import (
    EngagementCreateCurrency,
    check_engagement_create_currency,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.engagement_create_metadata import EngagementCreateMetadata
    from ..models.fee import Fee
    from ..models.pay_terms import PayTerms
    from ..models.shift_plan import ShiftPlan
    from ..models.work_site import WorkSite


T = TypeVar("T", bound="EngagementCreate")


@_attrs_define
class EngagementCreate:
    """
    Example:
        {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'pay':
            {'basis': 'daily', 'rate': '280.00'}, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'shifts': [{'day':
            '2026-12-04'}]}

    Attributes:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        employer_id (str):  Example: emp_11111111111111111111111111.
        pay (PayTerms):
        first_day (datetime.date):
        last_day (datetime.date):
        currency (EngagementCreateCurrency | Unset): Default: the tenant's currency Example: CNY.
        site (WorkSite | Unset):
        contract_id (str | Unset):  Example: ctr_11111111111111111111111111.
        fee (Fee | Unset):
        shifts (list[ShiftPlan] | Unset): Shifts to schedule now; each holds its expected wage
        metadata (EngagementCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`,
            `]` or control characters), values up to 500 characters. Never put personal data here.
        insurance_product_id (str | Unset):  Example: prd_11111111111111111111111111.
        job_category (str | Unset): What the work is (a product may exclude categories)
    """

    worker_id: str
    employer_id: str
    pay: PayTerms
    first_day: datetime.date
    last_day: datetime.date
    currency: EngagementCreateCurrency | Unset = UNSET
    site: WorkSite | Unset = UNSET
    contract_id: str | Unset = UNSET
    fee: Fee | Unset = UNSET
    shifts: list[ShiftPlan] | Unset = UNSET
    metadata: EngagementCreateMetadata | Unset = UNSET
    insurance_product_id: str | Unset = UNSET
    job_category: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        employer_id = self.employer_id

        pay = self.pay.to_dict()

        first_day = self.first_day.isoformat()

        last_day = self.last_day.isoformat()

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        site: dict[str, Any] | Unset = UNSET
        if not isinstance(self.site, Unset):
            site = self.site.to_dict()

        contract_id = self.contract_id

        fee: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fee, Unset):
            fee = self.fee.to_dict()

        shifts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.shifts, Unset):
            shifts = []
            for shifts_item_data in self.shifts:
                shifts_item = shifts_item_data.to_dict()
                shifts.append(shifts_item)

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        insurance_product_id = self.insurance_product_id

        job_category = self.job_category

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "employer_id": employer_id,
                "pay": pay,
                "first_day": first_day,
                "last_day": last_day,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if site is not UNSET:
            field_dict["site"] = site
        if contract_id is not UNSET:
            field_dict["contract_id"] = contract_id
        if fee is not UNSET:
            field_dict["fee"] = fee
        if shifts is not UNSET:
            field_dict["shifts"] = shifts
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if insurance_product_id is not UNSET:
            field_dict["insurance_product_id"] = insurance_product_id
        if job_category is not UNSET:
            field_dict["job_category"] = job_category

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.engagement_create_metadata import EngagementCreateMetadata
        from ..models.fee import Fee
        from ..models.pay_terms import PayTerms
        from ..models.shift_plan import ShiftPlan
        from ..models.work_site import WorkSite

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        pay = PayTerms.from_dict(d.pop("pay"))

        first_day = datetime.date.fromisoformat(d.pop("first_day"))

        last_day = datetime.date.fromisoformat(d.pop("last_day"))

        _currency = d.pop("currency", UNSET)
        currency: EngagementCreateCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_engagement_create_currency(_currency)

        _site = d.pop("site", UNSET)
        site: WorkSite | Unset
        if isinstance(_site, Unset):
            site = UNSET
        else:
            site = WorkSite.from_dict(_site)

        contract_id = d.pop("contract_id", UNSET)

        _fee = d.pop("fee", UNSET)
        fee: Fee | Unset
        if isinstance(_fee, Unset):
            fee = UNSET
        else:
            fee = Fee.from_dict(_fee)

        _shifts = d.pop("shifts", UNSET)
        shifts: list[ShiftPlan] | Unset = UNSET
        if _shifts is not UNSET:
            shifts = []
            for shifts_item_data in _shifts:
                shifts_item = ShiftPlan.from_dict(shifts_item_data)

                shifts.append(shifts_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: EngagementCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = EngagementCreateMetadata.from_dict(_metadata)

        insurance_product_id = d.pop("insurance_product_id", UNSET)

        job_category = d.pop("job_category", UNSET)

        engagement_create = cls(
            worker_id=worker_id,
            employer_id=employer_id,
            pay=pay,
            first_day=first_day,
            last_day=last_day,
            currency=currency,
            site=site,
            contract_id=contract_id,
            fee=fee,
            shifts=shifts,
            metadata=metadata,
            insurance_product_id=insurance_product_id,
            job_category=job_category,
        )

        return engagement_create
