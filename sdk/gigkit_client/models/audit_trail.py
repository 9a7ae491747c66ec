from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.contract_audit_event import ContractAuditEvent


T = TypeVar("T", bound="AuditTrail")


@_attrs_define
class AuditTrail:
    """
    Attributes:
        data (list[ContractAuditEvent]):
        intact (bool): Every hash recomputes and the chain is whole
    """

    data: list[ContractAuditEvent]
    intact: bool

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        intact = self.intact

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "intact": intact,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contract_audit_event import ContractAuditEvent

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ContractAuditEvent.from_dict(data_item_data)

            data.append(data_item)

        intact = d.pop("intact")

        audit_trail = cls(
            data=data,
            intact=intact,
        )

        return audit_trail
