from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payslip import Payslip


T = TypeVar("T", bound="PayslipPage")


@_attrs_define
class PayslipPage:
    """
    Example:
        {'data': [{'id': 'pys_01m90yasy3s4f3d8c6k4dffsqv', 'object': 'payslip', 'status': 'in_force', 'shift_id':
            'shf_01m90yasvkeg4e7j3c9f4awf2n', 'engagement_id': 'eng_01m90yasvdwb50ag4gnx397fn5', 'worker_id':
            'wkr_01m90yastnq98w18aerxkf03y8', 'employer_id': 'emp_01m90yastaj2pd1qh0b08v4bx0', 'worker': {'id':
            'wkr_01m90yastnq98w18aerxkf03y8', 'name': '陈伟', 'id_card_masked': '1101**********6646'}, 'employer': {'id':
            'emp_01m90yastaj2pd1qh0b08v4bx0', 'name': '狮岭皮具厂'}, 'day': '2027-03-04', 'paid_on': '2027-03-04', 'currency':
            'CNY', 'basis': 'daily', 'gross': 28000, 'withheld': 800, 'net': 27200, 'employer_cost': 29400, 'pay': {'basis':
            'daily', 'rate': '280', 'unit': 'day', 'quantity': '1', 'clock_in_at': '2027-03-03T23:00:00+00:00',
            'clock_out_at': '2027-03-04T12:00:00+00:00', 'worked_minutes': 780, 'break_minutes': 0, 'paid_minutes': None,
            'rounding': None, 'rounding_text': None, 'formula': '280 CNY/day x 1 day = 280.00 CNY', 'amount': 28000},
            'deductions': [{'type': 'iit_labour_remuneration', 'rule': 'work.withholding', 'rule_version': 0, 'enabled':
            True, 'rule_currency': 'CNY', 'amount': 800, 'month_to_date_income': 84000, 'expense_deduction': '800',
            'taxable_income': '40', 'rate': '0.2', 'quick_deduction': 0, 'month_to_date_tax': 800, 'withheld_before': 0}],
            'employer_items': [{'type': 'platform_fee', 'amount': 1400, 'terms': {'type': 'percent', 'percent': '5'}}],
            'payout_id': 'po_01m90yasy8gfwnrb3g1dj8jv4q', 'payout': {'id': 'po_01m90yasy8gfwnrb3g1dj8jv4q', 'status':
            'paid'}, 'corrects_id': None, 'correction_reason': None, 'corrected_by': None, 'month_to_date': {'gross': 84000,
            'withheld': 800, 'net': 83200}, 'year_to_date': {'gross': 84000, 'withheld': 800, 'net': 83200}, 'created_at':
            '2027-03-04T12:00:00+00:00', 'test_clock': None}], 'has_more': False, 'next_cursor': None}

    Attributes:
        data (list[Payslip]):
        has_more (bool):
        next_cursor (None | str):
    """

    data: list[Payslip]
    has_more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payslip import Payslip

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Payslip.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        payslip_page = cls(
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return payslip_page
