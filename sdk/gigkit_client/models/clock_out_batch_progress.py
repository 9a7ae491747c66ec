from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.clock_out_batch_progress_status import (
    ClockOutBatchProgressStatus,
    check_clock_out_batch_progress_status,
)

if TYPE_CHECKING:
    from ..models.clock_out_batch_counts import ClockOutBatchCounts


T = TypeVar("T", bound="ClockOutBatchProgress")


@_attrs_define
class ClockOutBatchProgress:
    """
    Example:
        {'id': 'cob_01m90z6b4kpq8r2s7t9v0w3x5y', 'status': 'completed', 'counts': {'total': 2, 'pending': 0, 'settled':
            1, 'failed': 1}, 'created_at': '2027-03-04T12:02:00+00:00', 'updated_at': '2027-03-04T12:02:01+00:00',
            'completed_at': '2027-03-04T12:02:01+00:00'}

    Attributes:
        id (str):  Example: cob_11111111111111111111111111.
        status (ClockOutBatchProgressStatus): `accepted`, `settling` (workers are at it), `completed` (every item
            settled or failed)
        counts (ClockOutBatchCounts):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        completed_at (datetime.datetime | None):
    """

    id: str
    status: ClockOutBatchProgressStatus
    counts: ClockOutBatchCounts
    created_at: datetime.datetime
    updated_at: datetime.datetime
    completed_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str = self.status

        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "status": status,
                "counts": counts,
                "created_at": created_at,
                "updated_at": updated_at,
                "completed_at": completed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.clock_out_batch_counts import ClockOutBatchCounts

        d = dict(src_dict)
        id = d.pop("id")

        status = check_clock_out_batch_progress_status(d.pop("status"))

        counts = ClockOutBatchCounts.from_dict(d.pop("counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        clock_out_batch_progress = cls(
            id=id,
            status=status,
            counts=counts,
            created_at=created_at,
            updated_at=updated_at,
            completed_at=completed_at,
        )

        return clock_out_batch_progress
