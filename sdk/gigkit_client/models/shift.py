from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shift_status import ShiftStatus, check_shift_status

T = TypeVar("T", bound="Shift")


@_attrs_define
class Shift:
    """
    Example:
        {'id': 'shf_01m90z68zk721aq9jtr6npdyg6', 'engagement_id': 'eng_01m90z68z9txast7rqf696mnzt', 'worker_id':
            'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'day': '2026-12-04',
            'status': 'settled', 'starts_at': None, 'ends_at': None, 'expected_quantity': None, 'expected_amount': 28000,
            'hold_id': 'hld_01m90z68zkn42jt7bdvt24d3p7', 'clock_in_at': '2026-12-04T00:02:00+00:00', 'clock_out_at':
            '2026-12-04T10:01:00+00:00', 'quantity': None, 'flags': [], 'payslip_id': 'pys_01m90z690njqk6t02b2065x3vn',
            'test_clock': None, 'created_at': '2026-12-01T02:15:00+00:00', 'updated_at': '2026-12-04T10:01:00+00:00'}

    Attributes:
        id (str):
        engagement_id (str):
        worker_id (str):
        employer_id (str):
        day (datetime.date):
        status (ShiftStatus):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        expected_quantity (None | str):
        expected_amount (int): Expected wage and fee, held in escrow
        hold_id (str):
        clock_in_at (datetime.datetime | None):
        clock_out_at (datetime.datetime | None):
        quantity (None | str):
        flags (list[str]):
        payslip_id (None | str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    engagement_id: str
    worker_id: str
    employer_id: str
    day: datetime.date
    status: ShiftStatus
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    expected_quantity: None | str
    expected_amount: int
    hold_id: str
    clock_in_at: datetime.datetime | None
    clock_out_at: datetime.datetime | None
    quantity: None | str
    flags: list[str]
    payslip_id: None | str
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        engagement_id = self.engagement_id

        worker_id = self.worker_id

        employer_id = self.employer_id

        day = self.day.isoformat()

        status: str = self.status

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        expected_quantity: None | str
        expected_quantity = self.expected_quantity

        expected_amount = self.expected_amount

        hold_id = self.hold_id

        clock_in_at: None | str
        if isinstance(self.clock_in_at, datetime.datetime):
            clock_in_at = self.clock_in_at.isoformat()
        else:
            clock_in_at = self.clock_in_at

        clock_out_at: None | str
        if isinstance(self.clock_out_at, datetime.datetime):
            clock_out_at = self.clock_out_at.isoformat()
        else:
            clock_out_at = self.clock_out_at

        quantity: None | str
        quantity = self.quantity

        flags = self.flags

        payslip_id: None | str
        payslip_id = self.payslip_id

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "engagement_id": engagement_id,
                "worker_id": worker_id,
                "employer_id": employer_id,
                "day": day,
                "status": status,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "expected_quantity": expected_quantity,
                "expected_amount": expected_amount,
                "hold_id": hold_id,
                "clock_in_at": clock_in_at,
                "clock_out_at": clock_out_at,
                "quantity": quantity,
                "flags": flags,
                "payslip_id": payslip_id,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        engagement_id = d.pop("engagement_id")

        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        day = datetime.date.fromisoformat(d.pop("day"))

        status = check_shift_status(d.pop("status"))

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_expected_quantity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expected_quantity = _parse_expected_quantity(d.pop("expected_quantity"))

        expected_amount = d.pop("expected_amount")

        hold_id = d.pop("hold_id")

        def _parse_clock_in_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clock_in_at_type_0 = datetime.datetime.fromisoformat(data)

                return clock_in_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        clock_in_at = _parse_clock_in_at(d.pop("clock_in_at"))

        def _parse_clock_out_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clock_out_at_type_0 = datetime.datetime.fromisoformat(data)

                return clock_out_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        clock_out_at = _parse_clock_out_at(d.pop("clock_out_at"))

        def _parse_quantity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quantity = _parse_quantity(d.pop("quantity"))

        flags = cast(list[str], d.pop("flags"))

        def _parse_payslip_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payslip_id = _parse_payslip_id(d.pop("payslip_id"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        shift = cls(
            id=id,
            engagement_id=engagement_id,
            worker_id=worker_id,
            employer_id=employer_id,
            day=day,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
            expected_quantity=expected_quantity,
            expected_amount=expected_amount,
            hold_id=hold_id,
            clock_in_at=clock_in_at,
            clock_out_at=clock_out_at,
            quantity=quantity,
            flags=flags,
            payslip_id=payslip_id,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
        )

        return shift
