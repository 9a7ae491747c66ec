from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.actor import Actor
    from ..models.audit_event_data import AuditEventData
    from ..models.target import Target


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """
    Attributes:
        id (str):
        action (str):
        actor (Actor):
        target (Target):
        request_id (None | str):
        ip (None | str):
        data (AuditEventData):
        created_at (datetime.datetime):
    """

    id: str
    action: str
    actor: Actor
    target: Target
    request_id: None | str
    ip: None | str
    data: AuditEventData
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        action = self.action

        actor = self.actor.to_dict()

        target = self.target.to_dict()

        request_id: None | str
        request_id = self.request_id

        ip: None | str
        ip = self.ip

        data = self.data.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "action": action,
                "actor": actor,
                "target": target,
                "request_id": request_id,
                "ip": ip,
                "data": data,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.actor import Actor
        from ..models.audit_event_data import AuditEventData
        from ..models.target import Target

        d = dict(src_dict)
        id = d.pop("id")

        action = d.pop("action")

        actor = Actor.from_dict(d.pop("actor"))

        target = Target.from_dict(d.pop("target"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        data = AuditEventData.from_dict(d.pop("data"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        audit_event = cls(
            id=id,
            action=action,
            actor=actor,
            target=target,
            request_id=request_id,
            ip=ip,
            data=data,
            created_at=created_at,
        )

        return audit_event
