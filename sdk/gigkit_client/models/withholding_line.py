from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WithholdingLine")


@_attrs_define
class WithholdingLine:
    """
    Attributes:
        worker_id (str):
        worker_name (str):
        worker_id_card_masked (str):  Example: 110105********1234.
        currency (str):  Example: CNY.
        income (int): Gross paid, in minor units (fen)
        tax_withheld (int): IIT withheld, in minor units (fen)
        payslips (int): Payslips in force
    """

    worker_id: str
    worker_name: str
    worker_id_card_masked: str
    currency: str
    income: int
    tax_withheld: int
    payslips: int

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        worker_name = self.worker_name

        worker_id_card_masked = self.worker_id_card_masked

        currency = self.currency

        income = self.income

        tax_withheld = self.tax_withheld

        payslips = self.payslips

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "worker_name": worker_name,
                "worker_id_card_masked": worker_id_card_masked,
                "currency": currency,
                "income": income,
                "tax_withheld": tax_withheld,
                "payslips": payslips,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        worker_name = d.pop("worker_name")

        worker_id_card_masked = d.pop("worker_id_card_masked")

        currency = d.pop("currency")

        income = d.pop("income")

        tax_withheld = d.pop("tax_withheld")

        payslips = d.pop("payslips")

        withholding_line = cls(
            worker_id=worker_id,
            worker_name=worker_name,
            worker_id_card_masked=worker_id_card_masked,
            currency=currency,
            income=income,
            tax_withheld=tax_withheld,
            payslips=payslips,
        )

        return withholding_line
