from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.clock_out_result_status import (
    ClockOutResultStatus,
    check_clock_out_result_status,
)

if TYPE_CHECKING:
    from ..models.problem import Problem
    from ..models.shift import Shift


T = TypeVar("T", bound="ClockOutResult")


@_attrs_define
class ClockOutResult:
    """
    Attributes:
        shift_id (str):
        status (ClockOutResultStatus):
        shift (None | Shift):
        error (None | Problem): Why this item was not settled (problem details)
    """

    shift_id: str
    status: ClockOutResultStatus
    shift: None | Shift
    error: None | Problem

    def to_dict(self) -> dict[str, Any]:
        from ..models.problem import Problem
        from ..models.shift import Shift

        shift_id = self.shift_id

        status: str = self.status

        shift: dict[str, Any] | None
        if isinstance(self.shift, Shift):
            shift = self.shift.to_dict()
        else:
            shift = self.shift

        error: dict[str, Any] | None
        if isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "shift_id": shift_id,
                "status": status,
                "shift": shift,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem import Problem
        from ..models.shift import Shift

        d = dict(src_dict)
        shift_id = d.pop("shift_id")

        status = check_clock_out_result_status(d.pop("status"))

        def _parse_shift(data: object) -> None | Shift:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shift_type_1 = Shift.from_dict(data)

                return shift_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Shift, data)

        shift = _parse_shift(d.pop("shift"))

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

        clock_out_result = cls(
            shift_id=shift_id,
            status=status,
            shift=shift,
            error=error,
        )

        return clock_out_result
