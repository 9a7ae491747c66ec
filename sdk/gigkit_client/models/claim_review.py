from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.claim_review_decision import (
    ClaimReviewDecision,
    check_claim_review_decision,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClaimReview")


@_attrs_define
class ClaimReview:
    """
    Attributes:
        decision (ClaimReviewDecision): `start_review` (submitted), `approve` or `reject` (in review)
        reason (str | Unset): Required to reject
        amount_approved (int | Unset): To approve less than claimed (default: the amount claimed) Example: 28000.
    """

    decision: ClaimReviewDecision
    reason: str | Unset = UNSET
    amount_approved: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision: str = self.decision

        reason = self.reason

        amount_approved = self.amount_approved

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if amount_approved is not UNSET:
            field_dict["amount_approved"] = amount_approved

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        decision = check_claim_review_decision(d.pop("decision"))

        reason = d.pop("reason", UNSET)

        amount_approved = d.pop("amount_approved", UNSET)

        claim_review = cls(
            decision=decision,
            reason=reason,
            amount_approved=amount_approved,
        )

        return claim_review
