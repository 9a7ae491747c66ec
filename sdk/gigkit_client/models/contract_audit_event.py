from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.contract_audit_event_data import ContractAuditEventData


T = TypeVar("T", bound="ContractAuditEvent")


@_attrs_define
class ContractAuditEvent:
    """
    Attributes:
        seq (int):
        action (str):
        actor (str):
        data (ContractAuditEventData):
        created_at (datetime.datetime):
        prev_hash (str):
        hash_ (str):
    """

    seq: int
    action: str
    actor: str
    data: ContractAuditEventData
    created_at: datetime.datetime
    prev_hash: str
    hash_: str

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        action = self.action

        actor = self.actor

        data = self.data.to_dict()

        created_at = self.created_at.isoformat()

        prev_hash = self.prev_hash

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "seq": seq,
                "action": action,
                "actor": actor,
                "data": data,
                "created_at": created_at,
                "prev_hash": prev_hash,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contract_audit_event_data import ContractAuditEventData

        d = dict(src_dict)
        seq = d.pop("seq")

        action = d.pop("action")

        actor = d.pop("actor")

        data = ContractAuditEventData.from_dict(d.pop("data"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        prev_hash = d.pop("prev_hash")

        hash_ = d.pop("hash")

        contract_audit_event = cls(
            seq=seq,
            action=action,
            actor=actor,
            data=data,
            created_at=created_at,
            prev_hash=prev_hash,
            hash_=hash_,
        )

        return contract_audit_event
