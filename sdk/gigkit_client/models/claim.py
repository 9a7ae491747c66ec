from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.claim_coverage import ClaimCoverage, check_claim_coverage
from ..models.claim_insurer_status import ClaimInsurerStatus, check_claim_insurer_status
from ..models.claim_status import ClaimStatus, check_claim_status

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.incident_location import IncidentLocation


T = TypeVar("T", bound="Claim")


@_attrs_define
class Claim:
    """
    Attributes:
        id (str):
        policy_id (str):
        day_id (str): The covered day
        worker_id (str):
        shift_id (None | str):
        coverage (ClaimCoverage):
        sum_insured (int):
        amount (int):
        amount_approved (int | None):
        currency (str):
        incident_at (datetime.datetime):
        incident_place (str):
        incident_location (IncidentLocation | None):
        description (str):
        attachments (list[Attachment]):
        status (ClaimStatus):
        decision_reason (None | str):
        evidence_sha256 (str):
        payout_id (None | str):
        insurer (str):
        insurer_status (ClaimInsurerStatus):
        insurer_reference (None | str):
        insurer_reason (None | str):
        insurer_attempts (int):
        insurer_last_error (None | str):
        insurer_answered_at (datetime.datetime | None):
        review_started_at (datetime.datetime | None):
        decided_at (datetime.datetime | None):
        paid_at (datetime.datetime | None):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    policy_id: str
    day_id: str
    worker_id: str
    shift_id: None | str
    coverage: ClaimCoverage
    sum_insured: int
    amount: int
    amount_approved: int | None
    currency: str
    incident_at: datetime.datetime
    incident_place: str
    incident_location: IncidentLocation | None
    description: str
    attachments: list[Attachment]
    status: ClaimStatus
    decision_reason: None | str
    evidence_sha256: str
    payout_id: None | str
    insurer: str
    insurer_status: ClaimInsurerStatus
    insurer_reference: None | str
    insurer_reason: None | str
    insurer_attempts: int
    insurer_last_error: None | str
    insurer_answered_at: datetime.datetime | None
    review_started_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.incident_location import IncidentLocation

        id = self.id

        policy_id = self.policy_id

        day_id = self.day_id

        worker_id = self.worker_id

        shift_id: None | str
        shift_id = self.shift_id

        coverage: str = self.coverage

        sum_insured = self.sum_insured

        amount = self.amount

        amount_approved: int | None
        amount_approved = self.amount_approved

        currency = self.currency

        incident_at = self.incident_at.isoformat()

        incident_place = self.incident_place

        incident_location: dict[str, Any] | None
        if isinstance(self.incident_location, IncidentLocation):
            incident_location = self.incident_location.to_dict()
        else:
            incident_location = self.incident_location

        description = self.description

        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)

        status: str = self.status

        decision_reason: None | str
        decision_reason = self.decision_reason

        evidence_sha256 = self.evidence_sha256

        payout_id: None | str
        payout_id = self.payout_id

        insurer = self.insurer

        insurer_status: str = self.insurer_status

        insurer_reference: None | str
        insurer_reference = self.insurer_reference

        insurer_reason: None | str
        insurer_reason = self.insurer_reason

        insurer_attempts = self.insurer_attempts

        insurer_last_error: None | str
        insurer_last_error = self.insurer_last_error

        insurer_answered_at: None | str
        if isinstance(self.insurer_answered_at, datetime.datetime):
            insurer_answered_at = self.insurer_answered_at.isoformat()
        else:
            insurer_answered_at = self.insurer_answered_at

        review_started_at: None | str
        if isinstance(self.review_started_at, datetime.datetime):
            review_started_at = self.review_started_at.isoformat()
        else:
            review_started_at = self.review_started_at

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "policy_id": policy_id,
                "day_id": day_id,
                "worker_id": worker_id,
                "shift_id": shift_id,
                "coverage": coverage,
                "sum_insured": sum_insured,
                "amount": amount,
                "amount_approved": amount_approved,
                "currency": currency,
                "incident_at": incident_at,
                "incident_place": incident_place,
                "incident_location": incident_location,
                "description": description,
                "attachments": attachments,
                "status": status,
                "decision_reason": decision_reason,
                "evidence_sha256": evidence_sha256,
                "payout_id": payout_id,
                "insurer": insurer,
                "insurer_status": insurer_status,
                "insurer_reference": insurer_reference,
                "insurer_reason": insurer_reason,
                "insurer_attempts": insurer_attempts,
                "insurer_last_error": insurer_last_error,
                "insurer_answered_at": insurer_answered_at,
                "review_started_at": review_started_at,
                "decided_at": decided_at,
                "paid_at": paid_at,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment
        from ..models.incident_location import IncidentLocation

        d = dict(src_dict)
        id = d.pop("id")

        policy_id = d.pop("policy_id")

        day_id = d.pop("day_id")

        worker_id = d.pop("worker_id")

        def _parse_shift_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        shift_id = _parse_shift_id(d.pop("shift_id"))

        coverage = check_claim_coverage(d.pop("coverage"))

        sum_insured = d.pop("sum_insured")

        amount = d.pop("amount")

        def _parse_amount_approved(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_approved = _parse_amount_approved(d.pop("amount_approved"))

        currency = d.pop("currency")

        incident_at = datetime.datetime.fromisoformat(d.pop("incident_at"))

        incident_place = d.pop("incident_place")

        def _parse_incident_location(data: object) -> IncidentLocation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                incident_location_type_1 = IncidentLocation.from_dict(data)

                return incident_location_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IncidentLocation | None, data)

        incident_location = _parse_incident_location(d.pop("incident_location"))

        description = d.pop("description")

        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:
            attachments_item = Attachment.from_dict(attachments_item_data)

            attachments.append(attachments_item)

        status = check_claim_status(d.pop("status"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        evidence_sha256 = d.pop("evidence_sha256")

        def _parse_payout_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_id = _parse_payout_id(d.pop("payout_id"))

        insurer = d.pop("insurer")

        insurer_status = check_claim_insurer_status(d.pop("insurer_status"))

        def _parse_insurer_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurer_reference = _parse_insurer_reference(d.pop("insurer_reference"))

        def _parse_insurer_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurer_reason = _parse_insurer_reason(d.pop("insurer_reason"))

        insurer_attempts = d.pop("insurer_attempts")

        def _parse_insurer_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurer_last_error = _parse_insurer_last_error(d.pop("insurer_last_error"))

        def _parse_insurer_answered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                insurer_answered_at_type_0 = datetime.datetime.fromisoformat(data)

                return insurer_answered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        insurer_answered_at = _parse_insurer_answered_at(d.pop("insurer_answered_at"))

        def _parse_review_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_started_at_type_0 = datetime.datetime.fromisoformat(data)

                return review_started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        review_started_at = _parse_review_started_at(d.pop("review_started_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        claim = cls(
            id=id,
            policy_id=policy_id,
            day_id=day_id,
            worker_id=worker_id,
            shift_id=shift_id,
            coverage=coverage,
            sum_insured=sum_insured,
            amount=amount,
            amount_approved=amount_approved,
            currency=currency,
            incident_at=incident_at,
            incident_place=incident_place,
            incident_location=incident_location,
            description=description,
            attachments=attachments,
            status=status,
            decision_reason=decision_reason,
            evidence_sha256=evidence_sha256,
            payout_id=payout_id,
            insurer=insurer,
            insurer_status=insurer_status,
            insurer_reference=insurer_reference,
            insurer_reason=insurer_reason,
            insurer_attempts=insurer_attempts,
            insurer_last_error=insurer_last_error,
            insurer_answered_at=insurer_answered_at,
            review_started_at=review_started_at,
            decided_at=decided_at,
            paid_at=paid_at,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
        )

        return claim
