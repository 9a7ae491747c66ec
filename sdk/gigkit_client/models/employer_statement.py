from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.employer_month import EmployerMonth
    from ..models.payslip_party import PayslipParty
    from ..models.statement_period import StatementPeriod


T = TypeVar("T", bound="EmployerStatement")


@_attrs_define
class EmployerStatement:
    """
    Attributes:
        object_ (str):  Example: employer_statement.
        month (str):  Example: 2027-03.
        complete (bool):
        employer (PayslipParty):
        period (StatementPeriod):
        currencies (list[EmployerMonth]):
    """

    object_: str
    month: str
    complete: bool
    employer: PayslipParty
    period: StatementPeriod
    currencies: list[EmployerMonth]

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        month = self.month

        complete = self.complete

        employer = self.employer.to_dict()

        period = self.period.to_dict()

        currencies = []
        for currencies_item_data in self.currencies:
            currencies_item = currencies_item_data.to_dict()
            currencies.append(currencies_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "month": month,
                "complete": complete,
                "employer": employer,
                "period": period,
                "currencies": currencies,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.employer_month import EmployerMonth
        from ..models.payslip_party import PayslipParty
        from ..models.statement_period import StatementPeriod

        d = dict(src_dict)
        object_ = d.pop("object")

        month = d.pop("month")

        complete = d.pop("complete")

        employer = PayslipParty.from_dict(d.pop("employer"))

        period = StatementPeriod.from_dict(d.pop("period"))

        currencies = []
        _currencies = d.pop("currencies")
        for currencies_item_data in _currencies:
            currencies_item = EmployerMonth.from_dict(currencies_item_data)

            currencies.append(currencies_item)

        employer_statement = cls(
            object_=object_,
            month=month,
            complete=complete,
            employer=employer,
            period=period,
            currencies=currencies,
        )

        return employer_statement
