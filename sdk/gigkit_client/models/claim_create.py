from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.claim_create_coverage import (
    ClaimCreateCoverage,
    check_claim_create_coverage,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.incident_location import IncidentLocation


T = TypeVar("T", bound="ClaimCreate")


@_attrs_define
class ClaimCreate:
    """
    Attributes:
        policy_id (str):  Example: pol_11111111111111111111111111.
        coverage (ClaimCreateCoverage): The coverage item claimed (one of the policy's)
        amount (int): Claimed; at most the coverage's sum insured Example: 28000.
        incident_at (datetime.datetime): Inside a cover window, not in the future
        incident_place (str):
        description (str):
        incident_location (IncidentLocation | Unset):
        attachments (list[Attachment] | Unset):
    """

    policy_id: str
    coverage: ClaimCreateCoverage
    amount: int
    incident_at: datetime.datetime
    incident_place: str
    description: str
    incident_location: IncidentLocation | Unset = UNSET
    attachments: list[Attachment] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        policy_id = self.policy_id

        coverage: str = self.coverage

        amount = self.amount

        incident_at = self.incident_at.isoformat()

        incident_place = self.incident_place

        description = self.description

        incident_location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.incident_location, Unset):
            incident_location = self.incident_location.to_dict()

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "policy_id": policy_id,
                "coverage": coverage,
                "amount": amount,
                "incident_at": incident_at,
                "incident_place": incident_place,
                "description": description,
            }
        )
        if incident_location is not UNSET:
            field_dict["incident_location"] = incident_location
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment
        from ..models.incident_location import IncidentLocation

        d = dict(src_dict)
        policy_id = d.pop("policy_id")

        coverage = check_claim_create_coverage(d.pop("coverage"))

        amount = d.pop("amount")

        incident_at = datetime.datetime.fromisoformat(d.pop("incident_at"))

        incident_place = d.pop("incident_place")

        description = d.pop("description")

        _incident_location = d.pop("incident_location", UNSET)
        incident_location: IncidentLocation | Unset
        if isinstance(_incident_location, Unset):
            incident_location = UNSET
        else:
            incident_location = IncidentLocation.from_dict(_incident_location)

        _attachments = d.pop("attachments", UNSET)
        attachments: list[Attachment] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = Attachment.from_dict(attachments_item_data)

                attachments.append(attachments_item)

        claim_create = cls(
            policy_id=policy_id,
            coverage=coverage,
            amount=amount,
            incident_at=incident_at,
            incident_place=incident_place,
            description=description,
            incident_location=incident_location,
            attachments=attachments,
        )

        return claim_create
