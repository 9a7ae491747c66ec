from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.test_clock_status import TestClockStatus, check_test_clock_status

T = TypeVar("T", bound="TestClock")


@_attrs_define
class TestClock:
    """
    Example:
        {'id': 'clk_01m90z6a2cq8p6h0b1gq9zv4tx', 'name': 'a week of shifts', 'frozen_time': '2027-03-01T12:00:00+00:00',
            'status': 'ready', 'advanced_from': '2027-02-28T22:00:00+00:00', 'tasks_run': 11, 'created_at':
            '2026-12-04T09:00:00+00:00', 'updated_at': '2026-12-04T09:00:02+00:00'}

    Attributes:
        id (str):
        name (None | str):
        frozen_time (datetime.datetime): The tenant's now, while the clock exists.
        status (TestClockStatus): `advancing` while the tasks that fell due run; then `ready` (or `internal_failure`:
            advance again to re-run them).
        advanced_from (datetime.datetime | None): Before the last advance.
        tasks_run (int): Periodic tasks run by the last advance.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: None | str
    frozen_time: datetime.datetime
    status: TestClockStatus
    advanced_from: datetime.datetime | None
    tasks_run: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str
        name = self.name

        frozen_time = self.frozen_time.isoformat()

        status: str = self.status

        advanced_from: None | str
        if isinstance(self.advanced_from, datetime.datetime):
            advanced_from = self.advanced_from.isoformat()
        else:
            advanced_from = self.advanced_from

        tasks_run = self.tasks_run

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "frozen_time": frozen_time,
                "status": status,
                "advanced_from": advanced_from,
                "tasks_run": tasks_run,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        frozen_time = datetime.datetime.fromisoformat(d.pop("frozen_time"))

        status = check_test_clock_status(d.pop("status"))

        def _parse_advanced_from(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                advanced_from_type_0 = datetime.datetime.fromisoformat(data)

                return advanced_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        advanced_from = _parse_advanced_from(d.pop("advanced_from"))

        tasks_run = d.pop("tasks_run")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        test_clock = cls(
            id=id,
            name=name,
            frozen_time=frozen_time,
            status=status,
            advanced_from=advanced_from,
            tasks_run=tasks_run,
            created_at=created_at,
            updated_at=updated_at,
        )

        return test_clock
