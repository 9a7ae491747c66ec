from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.claim_evidence_pack import ClaimEvidencePack


T = TypeVar("T", bound="ClaimEvidence")


@_attrs_define
class ClaimEvidence:
    """
    Attributes:
        claim_id (str):
        sha256 (str): SHA-256 of the pack's canonical JSON
        algorithm (str): `sha256-canonical-json`: sorted keys, no spaces, UTF-8 (see docs/insurance.md)
        created_at (datetime.datetime):
        pack (ClaimEvidencePack): Frozen at submission
    """

    claim_id: str
    sha256: str
    algorithm: str
    created_at: datetime.datetime
    pack: ClaimEvidencePack

    def to_dict(self) -> dict[str, Any]:
        claim_id = self.claim_id

        sha256 = self.sha256

        algorithm = self.algorithm

        created_at = self.created_at.isoformat()

        pack = self.pack.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "claim_id": claim_id,
                "sha256": sha256,
                "algorithm": algorithm,
                "created_at": created_at,
                "pack": pack,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.claim_evidence_pack import ClaimEvidencePack

        d = dict(src_dict)
        claim_id = d.pop("claim_id")

        sha256 = d.pop("sha256")

        algorithm = d.pop("algorithm")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        pack = ClaimEvidencePack.from_dict(d.pop("pack"))

        claim_evidence = cls(
            claim_id=claim_id,
            sha256=sha256,
            algorithm=algorithm,
            created_at=created_at,
            pack=pack,
        )

        return claim_evidence
