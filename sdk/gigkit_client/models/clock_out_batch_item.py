from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.clock_out_batch_item_status import (
    ClockOutBatchItemStatus,
    check_clock_out_batch_item_status,
)

if TYPE_CHECKING:
    from ..models.problem import Problem


T = TypeVar("T", bound="ClockOutBatchItem")


@_attrs_define
class ClockOutBatchItem:
    """
    Example:
        {'position': 0, 'shift_id': 'shf_01m90z69bxq3f5c0r6mnc7k2dd', 'status': 'settled', 'at':
            '2027-03-04T12:02:00+00:00', 'payslip_id': 'pys_01m90z6a0r8h5m2n4p6q8s0t2v', 'payout_id':
            'po_01m90yasy8gfwnrb3g1dj8jv4q', 'settled_at': '2027-03-04T12:02:01+00:00', 'error': None}

    Attributes:
        position (int): The item's place in the request, from 0
        shift_id (str):
        status (ClockOutBatchItemStatus):
        at (datetime.datetime): The clock-out time sent, or the acceptance's
        payslip_id (None | str):
        payout_id (None | str): None if the net is 0
        settled_at (datetime.datetime | None):
        error (None | Problem): Why this item was not settled (problem details)
    """

    position: int
    shift_id: str
    status: ClockOutBatchItemStatus
    at: datetime.datetime
    payslip_id: None | str
    payout_id: None | str
    settled_at: datetime.datetime | None
    error: None | Problem

    def to_dict(self) -> dict[str, Any]:
        from ..models.problem import Problem

        position = self.position

        shift_id = self.shift_id

        status: str = self.status

        at = self.at.isoformat()

        payslip_id: None | str
        payslip_id = self.payslip_id

        payout_id: None | str
        payout_id = self.payout_id

        settled_at: None | str
        if isinstance(self.settled_at, datetime.datetime):
            settled_at = self.settled_at.isoformat()
        else:
            settled_at = self.settled_at

        error: dict[str, Any] | None
        if isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "position": position,
                "shift_id": shift_id,
                "status": status,
                "at": at,
                "payslip_id": payslip_id,
                "payout_id": payout_id,
                "settled_at": settled_at,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem import Problem

        d = dict(src_dict)
        position = d.pop("position")

        shift_id = d.pop("shift_id")

        status = check_clock_out_batch_item_status(d.pop("status"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_payslip_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payslip_id = _parse_payslip_id(d.pop("payslip_id"))

        def _parse_payout_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_id = _parse_payout_id(d.pop("payout_id"))

        def _parse_settled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                settled_at_type_0 = datetime.datetime.fromisoformat(data)

                return settled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        settled_at = _parse_settled_at(d.pop("settled_at"))

        def _parse_error(data: object) -> None | Problem:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = Problem.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem, data)

        error = _parse_error(d.pop("error"))

        clock_out_batch_item = cls(
            position=position,
            shift_id=shift_id,
            status=status,
            at=at,
            payslip_id=payslip_id,
            payout_id=payout_id,
            settled_at=settled_at,
            error=error,
        )

        return clock_out_batch_item
