"""IIT withheld on labour remuneration (劳务报酬), month to date: pure, no I/O, no clock.

The rule (the IIT Law and the 2018 withholding rules, 国家税务总局公告2018年第61号, as
secondary sources quote them; verify against chinatax.gov.cn before shipping): from a
payment of up to 4,000 CNY, 800 is deducted as expenses, from a larger one 20% of it; the
rest is taxable, taxed at rate x taxable - quick deduction from the table (预扣率表二):

    taxable <= 20,000: 20%, 0    20,000-50,000: 30%, 2,000    above 50,000: 40%, 7,000

Continuous income from the same payer counts as one payment a month (the Implementation
Regulations' 每次, also not yet verified at the source), so a worker paid daily is withheld on
the month: `withhold` taxes the payer's payments to the worker in the calendar month so far,
this one included, as one payment, and withholds what that tax exceeds what was withheld
this month already. Splitting a month into daily payments changes nothing: the withholdings
add up to the tax of one payment of the month's total (tests/work/test_withholding.py checks
it for any split). Which payments make up the month (one payer, one worker, the tenant's
calendar month) is the caller's to say.

Rounding: the expense deduction and the taxable income are exact (Decimal, major units);
the month's tax is rounded once, half to even, to a minor unit (`Money.from_decimal`); a
payment's withholding is the difference of two such amounts and is not rounded again.

A withholding is never negative (a month whose tax went down, after a rule change, withholds
nothing: refunds are the annual reconciliation's) and never more than the payment (what is
left is withheld from the month's next payments). With a rule that `LabourRemunerationRule`
accepts and a month withheld by it, neither bound is ever reached: the tax of the month is
continuous and grows with the income, by at most the income's growth.

The rule's figures are data (`LabourRemunerationRule`, `STATUTORY`), kept as the tenant rule
`work.withholding` (`app.work.rules`). A disabled rule (a licensed intermediary withholds
instead) withholds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.money import MAX_AMOUNT, Money, MoneyError, exponent
from app.work.pay import PayError, checked_decimal

SHARE_PLACES = 4
MAX_BANDS = 10


@dataclass(frozen=True)
class Band:
    """A row of the withholding table: taxable income up to `up_to` (minor units; None: no
    limit) is taxed at `rate`, less `quick_deduction` (minor units)."""

    up_to: int | None
    rate: Decimal
    quick_deduction: int


@dataclass(frozen=True)
class LabourRemunerationRule:
    """The withholding rule's figures; amounts in minor units of `currency`.

    Checked when made, so that the month's tax is continuous and never falls as income
    grows (which is what makes splitting a month harmless): `fixed_deduction` is what
    `percent_deduction` of `threshold` comes to (800 = 20% of 4,000), the bands rise, the
    first has no quick deduction and each band's tax meets the next one's at its limit
    (20% of 20,000 = 30% of 20,000 - 2,000)."""

    currency: str
    threshold: int
    fixed_deduction: int
    percent_deduction: Decimal
    bands: tuple[Band, ...]
    enabled: bool = True

    def __post_init__(self) -> None:
        try:
            exponent(self.currency)
        except MoneyError:
            raise PayError("currency", f"{self.currency!r} is not a supported currency") from None
        if not isinstance(self.enabled, bool):
            raise PayError("enabled", "must be true or false")
        _amount(self.threshold, "threshold")
        _amount(self.fixed_deduction, "fixed_deduction")
        share = checked_decimal(
            self.percent_deduction, "percent_deduction", places=SHARE_PLACES, maximum=Decimal(1)
        )
        if self.fixed_deduction != self.threshold * share:
            raise PayError(
                "fixed_deduction", "must be percent_deduction of threshold (800 = 20% of 4,000)"
            )
        object.__setattr__(self, "bands", tuple(self.bands))
        _check_bands(self.bands)


@dataclass(frozen=True)
class Withholding:
    """What a payslip shows of a payment's withholding. `cumulative_income` is the month so
    far, this payment included; `expense_deduction` and `taxable_income` are exact, in major
    units; `cumulative_tax` is the tax of `cumulative_income` as one payment; `withheld` is
    this payment's withholding and `net` what the worker is paid of `gross`."""

    enabled: bool
    gross: Money
    cumulative_income: Money
    expense_deduction: Decimal
    taxable_income: Decimal
    rate: Decimal
    quick_deduction: Money
    cumulative_tax: Money
    withheld_before: Money
    withheld: Money
    net: Money


def withhold(
    rule: LabourRemunerationRule,
    *,
    month_to_date_gross_before: Money,
    this_gross: Money,
    withheld_so_far: Money,
) -> Withholding:
    """The withholding on a payment of `this_gross`, after payments of
    `month_to_date_gross_before` this month from which `withheld_so_far` was withheld."""
    currency = this_gross.currency
    for field, value in (
        ("month_to_date_gross_before", month_to_date_gross_before),
        ("this_gross", this_gross),
        ("withheld_so_far", withheld_so_far),
    ):
        if not isinstance(value, Money) or value.currency != currency:
            raise PayError(field, f"must be money in {currency}, the currency of this_gross")
        if value.amount < 0:
            raise PayError(field, "must not be negative")
    if withheld_so_far > month_to_date_gross_before:
        raise PayError("withheld_so_far", "must not exceed month_to_date_gross_before")
    income = month_to_date_gross_before + this_gross
    zero = Money.zero(currency)
    if not rule.enabled:
        return Withholding(
            enabled=False,
            gross=this_gross,
            cumulative_income=income,
            expense_deduction=Decimal(0),
            taxable_income=Decimal(0),
            rate=Decimal(0),
            quick_deduction=zero,
            cumulative_tax=zero,
            withheld_before=withheld_so_far,
            withheld=zero,
            net=this_gross,
        )
    if currency != rule.currency:
        raise PayError("this_gross", f"the withholding rule is for income in {rule.currency}")
    total = income.to_decimal()
    if income.amount <= rule.threshold:
        expense = min(_major(rule.fixed_deduction, currency), total)
    else:
        expense = total * rule.percent_deduction
    taxable = total - expense
    band = next(b for b in rule.bands if b.up_to is None or taxable <= _major(b.up_to, currency))
    quick = Money(band.quick_deduction, currency)
    tax = Money.from_decimal(taxable * band.rate - quick.to_decimal(), currency)
    withheld = min(max(tax - withheld_so_far, zero), this_gross)
    return Withholding(
        enabled=True,
        gross=this_gross,
        cumulative_income=income,
        expense_deduction=expense,
        taxable_income=taxable,
        rate=band.rate,
        quick_deduction=quick,
        cumulative_tax=tax,
        withheld_before=withheld_so_far,
        withheld=withheld,
        net=this_gross - withheld,
    )


# --- internals ----------------------------------------------------------------------------


def _major(minor: int, currency: str) -> Decimal:
    return Money(minor, currency).to_decimal()


def _amount(value: object, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
        raise PayError(field, f"must be a whole number of minor units, 0 to {MAX_AMOUNT}")


def _check_bands(bands: tuple[Band, ...]) -> None:
    if not 1 <= len(bands) <= MAX_BANDS:
        raise PayError("bands", f"must hold 1 to {MAX_BANDS} bands")
    below: Band | None = None
    for i, band in enumerate(bands):
        where = f"bands.{i}"
        if not isinstance(band, Band):
            raise PayError(where, "must be a band")
        checked_decimal(band.rate, f"{where}.rate", places=SHARE_PLACES, maximum=Decimal(1))
        _amount(band.quick_deduction, f"{where}.quick_deduction")
        if (band.up_to is None) != (i == len(bands) - 1):
            raise PayError(f"{where}.up_to", "the last band, and only it, has no limit (null)")
        if band.up_to is not None:
            _amount(band.up_to, f"{where}.up_to")
        if below is None:
            if band.quick_deduction != 0:
                raise PayError(f"{where}.quick_deduction", "must be 0 in the first band")
        else:
            limit = below.up_to or 0  # (not None: only the last band's is)
            if band.up_to is not None and band.up_to <= limit:
                raise PayError(f"{where}.up_to", "must be above the limit of the band before")
            if _tax_at(below, limit) != _tax_at(band, limit):
                raise PayError(
                    f"{where}.quick_deduction",
                    "must make this band's tax meet the band before's at its limit",
                )
        below = band


def _tax_at(band: Band, taxable: int) -> Decimal:
    return taxable * band.rate - band.quick_deduction


# The rule of §6, in force for a tenant until it puts a version of its own (app.work.rules).
STATUTORY = LabourRemunerationRule(
    currency="CNY",
    threshold=400_000,
    fixed_deduction=80_000,
    percent_deduction=Decimal("0.2"),
    bands=(
        Band(up_to=2_000_000, rate=Decimal("0.2"), quick_deduction=0),
        Band(up_to=5_000_000, rate=Decimal("0.3"), quick_deduction=200_000),
        Band(up_to=None, rate=Decimal("0.4"), quick_deduction=700_000),
    ),
)
