from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payslip_worker import PayslipWorker
    from ..models.statement_employer_row import StatementEmployerRow
    from ..models.statement_row import StatementRow
    from ..models.year_to_date import YearToDate


T = TypeVar("T", bound="WorkerStatement")


@_attrs_define
class WorkerStatement:
    """
    Attributes:
        object_ (str):  Example: worker_statement.
        month (str):  Example: 2027-03.
        complete (bool): false for the current month, still running
        worker (PayslipWorker):
        employers (list[StatementEmployerRow]):
        totals (list[StatementRow]): Per currency, across employers
        year_to_date (list[YearToDate]): Per currency, from January to the month's end
    """

    object_: str
    month: str
    complete: bool
    worker: PayslipWorker
    employers: list[StatementEmployerRow]
    totals: list[StatementRow]
    year_to_date: list[YearToDate]

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        month = self.month

        complete = self.complete

        worker = self.worker.to_dict()

        employers = []
        for employers_item_data in self.employers:
            employers_item = employers_item_data.to_dict()
            employers.append(employers_item)

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        year_to_date = []
        for year_to_date_item_data in self.year_to_date:
            year_to_date_item = year_to_date_item_data.to_dict()
            year_to_date.append(year_to_date_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "month": month,
                "complete": complete,
                "worker": worker,
                "employers": employers,
                "totals": totals,
                "year_to_date": year_to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payslip_worker import PayslipWorker
        from ..models.statement_employer_row import StatementEmployerRow
        from ..models.statement_row import StatementRow
        from ..models.year_to_date import YearToDate

        d = dict(src_dict)
        object_ = d.pop("object")

        month = d.pop("month")

        complete = d.pop("complete")

        worker = PayslipWorker.from_dict(d.pop("worker"))

        employers = []
        _employers = d.pop("employers")
        for employers_item_data in _employers:
            employers_item = StatementEmployerRow.from_dict(employers_item_data)

            employers.append(employers_item)

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = StatementRow.from_dict(totals_item_data)

            totals.append(totals_item)

        year_to_date = []
        _year_to_date = d.pop("year_to_date")
        for year_to_date_item_data in _year_to_date:
            year_to_date_item = YearToDate.from_dict(year_to_date_item_data)

            year_to_date.append(year_to_date_item)

        worker_statement = cls(
            object_=object_,
            month=month,
            complete=complete,
            worker=worker,
            employers=employers,
            totals=totals,
            year_to_date=year_to_date,
        )

        return worker_statement
