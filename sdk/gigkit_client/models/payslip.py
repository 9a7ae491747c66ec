from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payslip_status import PayslipStatus, check_payslip_status

if TYPE_CHECKING:
    from ..models.payout_state import PayoutState
    from ..models.payslip_deductions_item import PayslipDeductionsItem
    from ..models.payslip_employer_items_item import PayslipEmployerItemsItem
    from ..models.payslip_party import PayslipParty
    from ..models.payslip_pay import PayslipPay
    from ..models.payslip_totals import PayslipTotals
    from ..models.payslip_worker import PayslipWorker


T = TypeVar("T", bound="Payslip")


@_attrs_define
class Payslip:
    """
    Example:
        {'id': 'pys_01m90yasy3s4f3d8c6k4dffsqv', 'object': 'payslip', 'status': 'in_force', 'shift_id':
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
            '2027-03-04T12:00:00+00:00', 'test_clock': None}

    Attributes:
        id (str):
        object_ (str):  Example: payslip.
        status (PayslipStatus): `corrected` once a correction replaced it (`corrected_by`)
        shift_id (str):
        engagement_id (str):
        worker_id (str):
        employer_id (str):
        worker (PayslipWorker):
        employer (PayslipParty):
        day (datetime.date): The day worked
        paid_on (datetime.date): Pay day (tenant calendar)
        currency (str):
        basis (str): daily, hourly or piece
        gross (int):
        withheld (int):
        net (int): gross - withheld
        employer_cost (int): gross + the employer's items (never deducted)
        pay (PayslipPay): The gross's line: basis, rate, quantity or minutes, rounding
        deductions (list[PayslipDeductionsItem]): What was withheld, each with its rule, version and figures
        employer_items (list[PayslipEmployerItemsItem]): Paid by the employer on top
        payout_id (None | str):
        payout (None | PayoutState):
        corrects_id (None | str): The payslip this corrects
        correction_reason (None | str):
        corrected_by (None | str): The correction replacing it
        month_to_date (PayslipTotals):
        year_to_date (PayslipTotals):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (str):
    """

    id: str
    object_: str
    status: PayslipStatus
    shift_id: str
    engagement_id: str
    worker_id: str
    employer_id: str
    worker: PayslipWorker
    employer: PayslipParty
    day: datetime.date
    paid_on: datetime.date
    currency: str
    basis: str
    gross: int
    withheld: int
    net: int
    employer_cost: int
    pay: PayslipPay
    deductions: list[PayslipDeductionsItem]
    employer_items: list[PayslipEmployerItemsItem]
    payout_id: None | str
    payout: None | PayoutState
    corrects_id: None | str
    correction_reason: None | str
    corrected_by: None | str
    month_to_date: PayslipTotals
    year_to_date: PayslipTotals
    test_clock: None | str
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_state import PayoutState

        id = self.id

        object_ = self.object_

        status: str = self.status

        shift_id = self.shift_id

        engagement_id = self.engagement_id

        worker_id = self.worker_id

        employer_id = self.employer_id

        worker = self.worker.to_dict()

        employer = self.employer.to_dict()

        day = self.day.isoformat()

        paid_on = self.paid_on.isoformat()

        currency = self.currency

        basis = self.basis

        gross = self.gross

        withheld = self.withheld

        net = self.net

        employer_cost = self.employer_cost

        pay = self.pay.to_dict()

        deductions = []
        for deductions_item_data in self.deductions:
            deductions_item = deductions_item_data.to_dict()
            deductions.append(deductions_item)

        employer_items = []
        for employer_items_item_data in self.employer_items:
            employer_items_item = employer_items_item_data.to_dict()
            employer_items.append(employer_items_item)

        payout_id: None | str
        payout_id = self.payout_id

        payout: dict[str, Any] | None
        if isinstance(self.payout, PayoutState):
            payout = self.payout.to_dict()
        else:
            payout = self.payout

        corrects_id: None | str
        corrects_id = self.corrects_id

        correction_reason: None | str
        correction_reason = self.correction_reason

        corrected_by: None | str
        corrected_by = self.corrected_by

        month_to_date = self.month_to_date.to_dict()

        year_to_date = self.year_to_date.to_dict()

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "status": status,
                "shift_id": shift_id,
                "engagement_id": engagement_id,
                "worker_id": worker_id,
                "employer_id": employer_id,
                "worker": worker,
                "employer": employer,
                "day": day,
                "paid_on": paid_on,
                "currency": currency,
                "basis": basis,
                "gross": gross,
                "withheld": withheld,
                "net": net,
                "employer_cost": employer_cost,
                "pay": pay,
                "deductions": deductions,
                "employer_items": employer_items,
                "payout_id": payout_id,
                "payout": payout,
                "corrects_id": corrects_id,
                "correction_reason": correction_reason,
                "corrected_by": corrected_by,
                "month_to_date": month_to_date,
                "year_to_date": year_to_date,
                "test_clock": test_clock,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_state import PayoutState
        from ..models.payslip_deductions_item import PayslipDeductionsItem
        from ..models.payslip_employer_items_item import PayslipEmployerItemsItem
        from ..models.payslip_party import PayslipParty
        from ..models.payslip_pay import PayslipPay
        from ..models.payslip_totals import PayslipTotals
        from ..models.payslip_worker import PayslipWorker

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        status = check_payslip_status(d.pop("status"))

        shift_id = d.pop("shift_id")

        engagement_id = d.pop("engagement_id")

        worker_id = d.pop("worker_id")

        employer_id = d.pop("employer_id")

        worker = PayslipWorker.from_dict(d.pop("worker"))

        employer = PayslipParty.from_dict(d.pop("employer"))

        day = datetime.date.fromisoformat(d.pop("day"))

        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))

        currency = d.pop("currency")

        basis = d.pop("basis")

        gross = d.pop("gross")

        withheld = d.pop("withheld")

        net = d.pop("net")

        employer_cost = d.pop("employer_cost")

        pay = PayslipPay.from_dict(d.pop("pay"))

        deductions = []
        _deductions = d.pop("deductions")
        for deductions_item_data in _deductions:
            deductions_item = PayslipDeductionsItem.from_dict(deductions_item_data)

            deductions.append(deductions_item)

        employer_items = []
        _employer_items = d.pop("employer_items")
        for employer_items_item_data in _employer_items:
            employer_items_item = PayslipEmployerItemsItem.from_dict(
                employer_items_item_data
            )

            employer_items.append(employer_items_item)

        def _parse_payout_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_id = _parse_payout_id(d.pop("payout_id"))

        def _parse_payout(data: object) -> None | PayoutState:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_type_1 = PayoutState.from_dict(data)

                return payout_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutState, data)

        payout = _parse_payout(d.pop("payout"))

        def _parse_corrects_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        corrects_id = _parse_corrects_id(d.pop("corrects_id"))

        def _parse_correction_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correction_reason = _parse_correction_reason(d.pop("correction_reason"))

        def _parse_corrected_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        corrected_by = _parse_corrected_by(d.pop("corrected_by"))

        month_to_date = PayslipTotals.from_dict(d.pop("month_to_date"))

        year_to_date = PayslipTotals.from_dict(d.pop("year_to_date"))

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = d.pop("created_at")

        payslip = cls(
            id=id,
            object_=object_,
            status=status,
            shift_id=shift_id,
            engagement_id=engagement_id,
            worker_id=worker_id,
            employer_id=employer_id,
            worker=worker,
            employer=employer,
            day=day,
            paid_on=paid_on,
            currency=currency,
            basis=basis,
            gross=gross,
            withheld=withheld,
            net=net,
            employer_cost=employer_cost,
            pay=pay,
            deductions=deductions,
            employer_items=employer_items,
            payout_id=payout_id,
            payout=payout,
            corrects_id=corrects_id,
            correction_reason=correction_reason,
            corrected_by=corrected_by,
            month_to_date=month_to_date,
            year_to_date=year_to_date,
            test_clock=test_clock,
            created_at=created_at,
        )

        return payslip
