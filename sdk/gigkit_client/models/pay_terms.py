from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.pay_terms_basis import PayTermsBasis, check_pay_terms_basis
from ..models.pay_terms_rounding import PayTermsRounding, check_pay_terms_rounding
from ..types import UNSET, Unset

T = TypeVar("T", bound="PayTerms")


@_attrs_define
class PayTerms:
    """
    Attributes:
        basis (PayTermsBasis):
        rate (str): In major units per day, hour or piece, as a string: at most 4 decimal places Example: 280.00.
        rounding (PayTermsRounding | Unset): Hourly: how worked time is rounded (each started unit is paid in full);
            default minute_started
        break_minutes (int | Unset): Hourly: unpaid break deducted from worked time
        unit (str | Unset): Piece: what is counted Example: box.
    """

    basis: PayTermsBasis
    rate: str
    rounding: PayTermsRounding | Unset = UNSET
    break_minutes: int | Unset = UNSET
    unit: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        basis: str = self.basis

        rate = self.rate

        rounding: str | Unset = UNSET
        if not isinstance(self.rounding, Unset):
            rounding = self.rounding

        break_minutes = self.break_minutes

        unit = self.unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "basis": basis,
                "rate": rate,
            }
        )
        if rounding is not UNSET:
            field_dict["rounding"] = rounding
        if break_minutes is not UNSET:
            field_dict["break_minutes"] = break_minutes
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        basis = check_pay_terms_basis(d.pop("basis"))

        rate = d.pop("rate")

        _rounding = d.pop("rounding", UNSET)
        rounding: PayTermsRounding | Unset
        if isinstance(_rounding, Unset):
            rounding = UNSET
        else:
            rounding = check_pay_terms_rounding(_rounding)

        break_minutes = d.pop("break_minutes", UNSET)

        unit = d.pop("unit", UNSET)

        pay_terms = cls(
            basis=basis,
            rate=rate,
            rounding=rounding,
            break_minutes=break_minutes,
            unit=unit,
        )

        return pay_terms
