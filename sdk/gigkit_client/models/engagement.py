from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.engagement_status import EngagementStatus, check_engagement_status

if TYPE_CHECKING:
    from ..models.engagement_fee_type_0 import EngagementFeeType0
    from ..models.engagement_metadata import EngagementMetadata
    from ..models.engagement_pay import EngagementPay
    from ..models.engagement_site_type_0 import EngagementSiteType0


T = TypeVar("T", bound="Engagement")


@_attrs_define
class Engagement:
    """
    Example:
        {'id': 'eng_01m90z68z9txast7rqf696mnzt', 'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'employer_id':
            'emp_01m90z68xhnev9pv6002z98rcq', 'contract_id': None, 'currency': 'CNY', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'fee': None, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'site': None,
            'insurance_product_id': None, 'job_category': None, 'status': 'active', 'metadata': {}, 'test_clock': None,
            'created_at': '2026-12-01T02:15:00+00:00', 'cancelled_at': None}

    Attributes:
        id (str):
        worker_id (str):
        employer_id (str):
        contract_id (None | str):
        currency (str):
        pay (EngagementPay):
        fee (EngagementFeeType0 | None):
        first_day (datetime.date):
        last_day (datetime.date):
        site (EngagementSiteType0 | None):
        status (EngagementStatus):
        metadata (EngagementMetadata):
        insurance_product_id (None | str):
        job_category (None | str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        cancelled_at (datetime.datetime | None):
    """

    id: str
    worker_id: str
    employer_id: str
    contract_id: None | str
    currency: str
    pay: EngagementPay
    fee: EngagementFeeType0 | None
    first_day: datetime.date
    last_day: datetime.date
    site: EngagementSiteType0 | None
    status: EngagementStatus
    metadata: EngagementMetadata
    insurance_product_id: None | str
    job_category: None | str
    test_clock: None | str
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.engagement_fee_type_0 import EngagementFeeType0
        from ..models.engagement_site_type_0 import EngagementSiteType0

        id = self.id

        worker_id = self.worker_id

        employer_id = self.employer_id

        contract_id: None | str
        contract_id = self.contract_id

        currency = self.currency

        pay = self.pay.to_dict()

        fee: dict[str, Any] | None
        if isinstance(self.fee, EngagementFeeType0):
            fee = self.fee.to_dict()
        else:
            fee = self.fee

        first_day = self.first_day.isoformat()

        last_day = self.last_day.isoformat()

        site: dict[str, Any] | None
        if isinstance(self.site, EngagementSiteType0):
            site = self.site.to_dict()
        else:
            site = self.site

        status: str = self.status

        metadata = self.metadata.to_dict()

        insurance_product_id: None | str
        insurance_product_id = self.insurance_product_id

        job_category: None | str
        job_category = self.job_category

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

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
                "contract_id": contract_id,
                "currency": currency,
                "pay": pay,
                "fee": fee,
                "first_day": first_day,
                "last_day": last_day,
                "site": site,
                "status": status,
                "metadata": metadata,
                "insurance_product_id": insurance_product_id,
                "job_category": job_category,
                "test_clock": test_clock,
                "created_at": created_at,
                "cancelled_at": cancelled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.engagement_fee_type_0 import EngagementFeeType0
        from ..models.engagement_metadata import EngagementMetadata
        from ..models.engagement_pay import EngagementPay
        from ..models.engagement_site_type_0 import EngagementSiteType0

        d = dict(src_dict)
        id = d.pop("id")

        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        def _parse_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))

        currency = d.pop("currency")

        pay = EngagementPay.from_dict(d.pop("pay"))

        def _parse_fee(data: object) -> EngagementFeeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fee_type_0 = EngagementFeeType0.from_dict(data)

                return fee_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EngagementFeeType0 | None, data)

        fee = _parse_fee(d.pop("fee"))

        first_day = datetime.date.fromisoformat(d.pop("first_day"))

        last_day = datetime.date.fromisoformat(d.pop("last_day"))

        def _parse_site(data: object) -> EngagementSiteType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                site_type_0 = EngagementSiteType0.from_dict(data)

                return site_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EngagementSiteType0 | None, data)

        site = _parse_site(d.pop("site"))

        status = check_engagement_status(d.pop("status"))

        metadata = EngagementMetadata.from_dict(d.pop("metadata"))

        def _parse_insurance_product_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurance_product_id = _parse_insurance_product_id(
            d.pop("insurance_product_id")
        )

        def _parse_job_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_category = _parse_job_category(d.pop("job_category"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        engagement = cls(
            id=id,
            worker_id=worker_id,
            employer_id=employer_id,
            contract_id=contract_id,
            currency=currency,
            pay=pay,
            fee=fee,
            first_day=first_day,
            last_day=last_day,
            site=site,
            status=status,
            metadata=metadata,
            insurance_product_id=insurance_product_id,
            job_category=job_category,
            test_clock=test_clock,
            created_at=created_at,
            cancelled_at=cancelled_at,
        )

        return engagement
