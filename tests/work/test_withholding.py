"""work.withholding: IIT on labour remuneration, withheld month to date.

The figures are worked by hand from the rule as the project's reference notes give it
(mission anchors §6: 800 or 20% expenses, 20/30/40% with quick deductions 0/2,000/7,000)
and asserted as literals, never recomputed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money import Money
from app.work.pay import PayError
from app.work.withholding import STATUTORY, Band, LabourRemunerationRule, withhold

CNY = "CNY"
ZERO = Money(0, CNY)


def fen(amount: int) -> Money:
    return Money(amount, CNY)


def yuan(amount: str) -> Money:
    return Money.from_decimal(Decimal(amount), CNY)


def one_payment(amount: Money) -> Money:
    """The tax withheld from `amount` paid alone in a month."""
    return withhold(
        STATUTORY, month_to_date_gross_before=ZERO, this_gross=amount, withheld_so_far=ZERO
    ).withheld


# Day: withheld that day, by hand (see the table in the test below).
SEED_MONTH = {
    1: "0.00", 2: "0.00", 3: "8.00", 4: "56.00", 5: "56.00", 6: "56.00", 7: "56.00",
    8: "56.00", 9: "56.00", 10: "56.00", 11: "56.00", 12: "56.00", 13: "56.00", 14: "56.00",
    15: "48.00", 16: "44.80", 17: "44.80", 18: "44.80", 19: "44.80", 20: "44.80",
    21: "44.80", 22: "44.80", 23: "44.80", 24: "44.80", 25: "44.80",
}  # fmt: skip


def test_the_seeds_worker_paid_280_a_day_for_25_days_of_one_month() -> None:
    """280.00 CNY a day, paid at each clock-out, 25 days for one employer in one month.
    Taxed one day at a time, each 280 is under 800 and nothing would be withheld; taxed as
    the month it is, (day n) the month so far is 280n:

    | day | month so far | expenses        | taxable  | rate, quick | month's tax | withheld |
    |-----|--------------|-----------------|----------|-------------|-------------|----------|
    |  1  |       280.00 |  280.00 (<=800) |     0.00 | 20%, 0      |        0.00 |     0.00 |
    |  2  |       560.00 |  560.00         |     0.00 | 20%, 0      |        0.00 |     0.00 |
    |  3  |       840.00 |  800.00         |    40.00 | 20%, 0      |        8.00 |     8.00 |
    |  4  |     1,120.00 |  800.00         |   320.00 | 20%, 0      |       64.00 |    56.00 |
    |  5  |     1,400.00 |  800.00         |   600.00 | 20%, 0      |      120.00 |    56.00 |
    | ... | +280 a day   |  800.00         | +280     | 20%, 0      |  +56 a day  |    56.00 |
    | 13  |     3,640.00 |  800.00         | 2,840.00 | 20%, 0      |      568.00 |    56.00 |
    | 14  |     3,920.00 |  800.00         | 3,120.00 | 20%, 0      |      624.00 |    56.00 |
    | 15  |     4,200.00 |  840.00 (20%)   | 3,360.00 | 20%, 0      |      672.00 |    48.00 |
    | 16  |     4,480.00 |  896.00         | 3,584.00 | 20%, 0      |      716.80 |    44.80 |
    | ... | +280 a day   | +56             | +224     | 20%, 0      | +44.80 a day|    44.80 |
    | 24  |     6,720.00 | 1,344.00        | 5,376.00 | 20%, 0      |    1,075.20 |    44.80 |
    | 25  |     7,000.00 | 1,400.00        | 5,600.00 | 20%, 0      |    1,120.00 |    44.80 |

    Day 3 crosses 800 (only 40 of it is taxable); day 15 crosses 4,000, where the expenses
    turn from 800 into 20%: 4,200 x 80% = 3,360 x 20% = 672, 48 more than day 14's 624.
    From then on each day adds 280 x 80% x 20% = 44.80. The month: 0 + 0 + 8 + 11 x 56 +
    48 + 10 x 44.80 = 1,120.00 = 20% of 80% of 7,000, the tax of one 7,000 payment; the
    worker is paid 7,000.00 - 1,120.00 = 5,880.00."""
    day_gross = yuan("280.00")
    before, withheld_so_far = ZERO, ZERO
    for day, expected in SEED_MONTH.items():
        result = withhold(
            STATUTORY,
            month_to_date_gross_before=before,
            this_gross=day_gross,
            withheld_so_far=withheld_so_far,
        )
        assert result.withheld == yuan(expected), day
        assert result.net == day_gross - yuan(expected), day
        assert result.withheld_before == withheld_so_far
        assert result.cumulative_income == fen(28000 * day)
        before += day_gross
        withheld_so_far += result.withheld
    assert withheld_so_far == yuan("1120.00")
    assert before - withheld_so_far == yuan("5880.00")
    assert one_payment(yuan("7000.00")) == yuan("1120.00")


@pytest.mark.parametrize(
    ("day", "income", "expenses", "taxable", "tax"),
    [
        (2, "560.00", "560.00", "0.00", "0.00"),
        (3, "840.00", "800.00", "40.00", "8.00"),
        (14, "3920.00", "800.00", "3120.00", "624.00"),
        (15, "4200.00", "840.00", "3360.00", "672.00"),
        (25, "7000.00", "1400.00", "5600.00", "1120.00"),
    ],
)
def test_the_payslip_figures_of_the_crossing_days(
    day: int, income: str, expenses: str, taxable: str, tax: str
) -> None:
    """The table's rows, as the payslip of that day shows them."""
    result = withhold(
        STATUTORY,
        month_to_date_gross_before=fen(28000 * (day - 1)),
        this_gross=fen(28000),
        withheld_so_far=yuan(str(sum(Decimal(SEED_MONTH[d]) for d in range(1, day)))),
    )
    assert result.cumulative_income == yuan(income)
    assert result.expense_deduction == Decimal(expenses)
    assert result.taxable_income == Decimal(taxable)
    assert (result.rate, result.quick_deduction) == (Decimal("0.2"), ZERO)
    assert result.cumulative_tax == yuan(tax)
    assert result.withheld == yuan(SEED_MONTH[day])


def test_one_payment_of_30000() -> None:
    """30,000 > 4,000: expenses 20% = 6,000; taxable 24,000, in 20,000-50,000: 30% less
    2,000 = 7,200 - 2,000 = 5,200.00 withheld, 24,800.00 paid."""
    result = withhold(
        STATUTORY,
        month_to_date_gross_before=ZERO,
        this_gross=yuan("30000.00"),
        withheld_so_far=ZERO,
    )
    assert result.expense_deduction == Decimal(6000)
    assert result.taxable_income == Decimal(24000)
    assert (result.rate, result.quick_deduction) == (Decimal("0.3"), yuan("2000.00"))
    assert result.cumulative_tax == result.withheld == yuan("5200.00")
    assert result.net == yuan("24800.00")


@pytest.mark.parametrize(
    ("income", "tax"),
    [
        ("800.00", "0.00"),  # income <= 800 is never taxed
        ("3000.00", "440.00"),  # the examples of §6: (3,000 - 800) x 20%
        ("4000.00", "640.00"),  # (4,000 - 800) x 20%; 20% of 4,000 is the same 800
        ("10000.00", "1600.00"),  # 8,000 x 20%
        ("25000.00", "4000.00"),  # 20,000 x 20% = 20,000 x 30% - 2,000: the bands meet
        ("100000.00", "25000.00"),  # 80,000 x 40% - 7,000
        ("4000.04", "640.01"),  # 3,200.032 x 20% = 640.0064 -> 640.01, rounded once
    ],
)
def test_one_payment_examples(income: str, tax: str) -> None:
    assert one_payment(yuan(income)) == yuan(tax)


def test_a_disabled_rule_withholds_nothing() -> None:
    """A licensed intermediary withholds instead: the payslip shows nothing withheld."""
    rule = LabourRemunerationRule(**{**STATUTORY.__dict__, "enabled": False})
    result = withhold(
        rule,
        month_to_date_gross_before=yuan("6720.00"),
        this_gross=yuan("30000.00"),
        withheld_so_far=ZERO,
    )
    assert (result.enabled, result.withheld, result.net) == (False, ZERO, yuan("30000.00"))
    assert (result.cumulative_income, result.cumulative_tax) == (yuan("36720.00"), ZERO)


def test_a_withholding_is_never_negative_nor_more_than_the_payment() -> None:
    """After a rule change mid-month the history may not match the rule: 1,000 withheld
    already on a month whose tax is 624 withholds nothing more (no refund); a month whose
    tax is 1,120 with nothing withheld yet withholds all of a 280 payment, and the rest
    from the payments after it."""
    lowered = withhold(
        STATUTORY,
        month_to_date_gross_before=yuan("3640.00"),
        this_gross=yuan("280.00"),
        withheld_so_far=yuan("1000.00"),
    )
    assert (lowered.cumulative_tax, lowered.withheld) == (yuan("624.00"), ZERO)
    late = withhold(
        STATUTORY,
        month_to_date_gross_before=yuan("6720.00"),
        this_gross=yuan("280.00"),
        withheld_so_far=ZERO,
    )
    assert (late.cumulative_tax, late.withheld, late.net) == (yuan("1120.00"), yuan("280"), ZERO)


@given(st.lists(st.integers(0, 5_000_000), min_size=1, max_size=31))
def test_splitting_a_month_into_daily_payments_withholds_the_same(payments: list[int]) -> None:
    """1 to 31 payments of 0 to 50,000.00 (across every band and both expense rules): the
    withholdings add up to the tax of one payment of the total, and each is between 0 and
    the payment."""
    before, withheld_so_far = ZERO, ZERO
    for amount in payments:
        result = withhold(
            STATUTORY,
            month_to_date_gross_before=before,
            this_gross=fen(amount),
            withheld_so_far=withheld_so_far,
        )
        assert ZERO <= result.withheld <= fen(amount)
        before += fen(amount)
        withheld_so_far += result.withheld
    assert withheld_so_far == one_payment(before)


@pytest.mark.parametrize(
    ("before", "this", "so_far", "field"),
    [
        (fen(-1), fen(28000), ZERO, "month_to_date_gross_before"),
        (ZERO, fen(-28000), ZERO, "this_gross"),
        (ZERO, fen(28000), fen(-1), "withheld_so_far"),
        (fen(28000), fen(28000), fen(28001), "withheld_so_far"),  # more than was paid
        (Money(28000, "USD"), fen(28000), ZERO, "month_to_date_gross_before"),
        (Money(0, "USD"), Money(28000, "USD"), Money(0, "USD"), "this_gross"),  # the rule is in CNY
    ],
)
def test_bad_figures_are_refused_naming_the_field(
    before: Money, this: Money, so_far: Money, field: str
) -> None:
    with pytest.raises(PayError) as caught:
        withhold(
            STATUTORY, month_to_date_gross_before=before, this_gross=this, withheld_so_far=so_far
        )
    assert caught.value.field == field


BANDS = STATUTORY.bands


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XXX"}, "currency"),
        ({"threshold": -1}, "threshold"),
        ({"fixed_deduction": 90_000}, "fixed_deduction"),  # 900 is not 20% of 4,000
        ({"percent_deduction": Decimal("0.20001")}, "percent_deduction"),
        ({"enabled": 1}, "enabled"),
        ({"bands": ()}, "bands"),
        ({"bands": (Band(2_000_000, Decimal("0.2"), 0),)}, "bands.0.up_to"),  # a last limit
        ({"bands": (Band(None, Decimal("0.2"), 100),)}, "bands.0.quick_deduction"),
        ({"bands": (Band(None, Decimal("1.2"), 0),)}, "bands.0.rate"),
        ({"bands": (BANDS[0], BANDS[2], BANDS[1])}, "bands.1.up_to"),
        ({"bands": (BANDS[1], BANDS[0], BANDS[2])}, "bands.0.quick_deduction"),
        (
            {"bands": (BANDS[0], Band(4_000_000, Decimal("0.3"), 200_000), BANDS[2])},
            "bands.2.quick_deduction",
        ),
        (
            {"bands": (BANDS[0], Band(5_000_000, Decimal("0.3"), 100_000), BANDS[2])},
            "bands.1.quick_deduction",
        ),
    ],
)
def test_a_rule_whose_tax_could_jump_or_fall_is_refused(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(PayError) as caught:
        LabourRemunerationRule(**{**STATUTORY.__dict__, **change})  # type: ignore[arg-type]
    assert caught.value.field == field
