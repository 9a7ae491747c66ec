"""Pay terms and the gross of one shift: pure calculation, no I/O, no clock.

Terms are frozen and checked when made: `Daily(rate)`, `Hourly(rate, rounding,
break_minutes)`, `Piece(rate, unit)`. A rate is in major units (`Decimal("280.00")` CNY a
day), positive, with at most 4 decimal places, at most 100,000,000; the currency is given
apart, to `gross`.

`gross(terms, currency, clock_in=, clock_out=, quantity=)` is a shift's gross pay with the
lines its payslip prints. Money is made once, half to even (`Money.from_decimal`):
- Daily: the rate, however long the day (07:00-20:00 at 280.00 CNY/day is 280.00 CNY).
- Hourly: worked time is clock-out minus clock-in minus the unpaid break (never below
  zero); it is paid in whole units of the rounding rule, each started unit in full
  (`ROUNDING`: 3 h 37 min 30 s under "quarter_hour_started" is 15 quarters, 225 minutes),
  at rate x paid minutes / 60.
- Piece: quantity x rate; the quantity is positive, at most 1,000,000, with at most 3
  decimal places (12.5 kg).
A shift lasts more than no time and at most 24 hours, between instants with a time zone.

A platform fee (`FixedFee`, `PercentFee`) is the employer's: `fee(fee, gross)` is charged on
top of the gross and never deducted from the worker.

Bad terms or inputs raise `PayError`, a `ValueError` naming the field, for a 422 on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from app.core.money import Money, MoneyError, exponent

MAX_RATE = Decimal(100_000_000)  # a sanity bound in major units, not a wage policy
RATE_PLACES = 4
MAX_QUANTITY = Decimal(1_000_000)
QUANTITY_PLACES = 3
MAX_BREAK_MINUTES = 24 * 60
MAX_SHIFT = dt.timedelta(hours=24)
UNIT_MAX_LENGTH = 20

Rounding = Literal["minute_started", "quarter_hour_started", "half_hour_started"]
# name -> (the unit worked time is paid in, what the payslip says)
ROUNDING: dict[str, tuple[int, str]] = {
    "minute_started": (1, "each started minute is paid as a full minute"),
    "quarter_hour_started": (15, "each started quarter hour is paid as a full 15 minutes"),
    "half_hour_started": (30, "each started half hour is paid as a full 30 minutes"),
}
Basis = Literal["daily", "hourly", "piece"]


class PayError(ValueError):
    """Pay terms or a shift's figures that cannot be paid; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def checked_decimal(value: object, field: str, *, places: int, maximum: Decimal) -> Decimal:
    """`value` as a positive Decimal with at most `places` decimal places and at most
    `maximum`; ints are welcome, floats and bools are refused (PayError on `field`)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise PayError(field, "must be a number: a Decimal or an integer, never a float")
    number = Decimal(value)
    if not number.is_finite() or number <= 0:
        raise PayError(field, "must be a positive number")
    if number > maximum:
        raise PayError(field, f"must be at most {maximum}")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise PayError(field, f"must have at most {places} decimal places")
    return number


@dataclass(frozen=True)
class Daily:
    """The rate for the day, whatever the hours."""

    rate: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _rate(self.rate))


@dataclass(frozen=True)
class Hourly:
    """The rate per hour of worked time, less an unpaid break, rounded by `rounding`."""

    rate: Decimal
    rounding: Rounding = "minute_started"
    break_minutes: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _rate(self.rate))
        if self.rounding not in ROUNDING:
            raise PayError("rounding", f"must be one of {', '.join(ROUNDING)}")
        minutes = self.break_minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise PayError("break_minutes", "must be a whole number of minutes")
        if not 0 <= minutes <= MAX_BREAK_MINUTES:
            raise PayError("break_minutes", f"must be 0 to {MAX_BREAK_MINUTES}")


@dataclass(frozen=True)
class Piece:
    """The rate per piece (or kilogram, box...: `unit`), times the shift's quantity."""

    rate: Decimal
    unit: str = "piece"

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _rate(self.rate))
        unit = self.unit
        if not isinstance(unit, str) or not unit.strip() or len(unit) > UNIT_MAX_LENGTH:
            raise PayError("unit", f"must be 1 to {UNIT_MAX_LENGTH} characters, not blank")
        if not unit.isprintable():
            raise PayError("unit", "must not hold control characters")


Terms = Daily | Hourly | Piece


@dataclass(frozen=True)
class Gross:
    """A shift's gross pay and the figures its payslip prints.

    `quantity` is what the rate was paid for in `unit`s (1 day, 1001 pieces); for hourly pay
    it is None, and `paid_minutes` (after the break and the rounding rule) is paid at
    `rate` per 60 of them. `worked` is `present` less the unpaid break."""

    amount: Money
    basis: Basis
    rate: Decimal
    unit: str
    quantity: Decimal | None
    present: dt.timedelta
    break_minutes: int = 0
    worked: dt.timedelta = dt.timedelta(0)
    paid_minutes: int | None = None
    rounding: Rounding | None = None
    rounding_text: str | None = None

    @property
    def formula(self) -> str:
        """The hand calculation: `35.0625 CNY/hour x 720 min / 60 = 420.75 CNY`."""
        per = f"{self.rate:f} {self.amount.currency}/{self.unit}"
        if self.quantity is None:
            return f"{per} x {self.paid_minutes} min / 60 = {self.amount}"
        return f"{per} x {self.quantity:f} {self.unit} = {self.amount}"


def gross(
    terms: Terms,
    currency: str,
    *,
    clock_in: dt.datetime,
    clock_out: dt.datetime,
    quantity: Decimal | int | None = None,
) -> Gross:
    """The gross pay of one shift under `terms`, in `currency` (see the module docstring)."""
    try:
        exponent(currency)
    except MoneyError:
        raise PayError("currency", f"{currency!r} is not a supported currency") from None
    present = _present(clock_in, clock_out)
    if isinstance(terms, Piece):
        if quantity is None:
            raise PayError("quantity", f"piece rates need the quantity made, in {terms.unit}")
        pieces = checked_decimal(quantity, "quantity", places=QUANTITY_PLACES, maximum=MAX_QUANTITY)
        amount = _money(terms.rate * pieces, currency, "quantity")
        return Gross(amount, "piece", terms.rate, terms.unit, pieces, present, worked=present)
    if quantity is not None:
        raise PayError("quantity", "only piece rates take a quantity")
    if isinstance(terms, Daily):
        amount = _money(terms.rate, currency, "rate")
        return Gross(amount, "daily", terms.rate, "day", Decimal(1), present, worked=present)
    if isinstance(terms, Hourly):
        worked = max(present - dt.timedelta(minutes=terms.break_minutes), dt.timedelta(0))
        unit, words = ROUNDING[terms.rounding]
        started = -(-worked // dt.timedelta(minutes=unit))  # ceiling: started units count
        paid = started * unit
        amount = _money(terms.rate * paid / 60, currency, "rate")
        return Gross(
            amount,
            "hourly",
            terms.rate,
            "hour",
            None,
            present,
            break_minutes=terms.break_minutes,
            worked=worked,
            paid_minutes=paid,
            rounding=terms.rounding,
            rounding_text=words,
        )
    raise TypeError(f"not pay terms: {terms!r}")


@dataclass(frozen=True)
class FixedFee:
    """A fixed platform fee per shift, charged to the employer."""

    amount: Money

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Money) or self.amount.amount <= 0:
            raise PayError("amount", "must be a positive amount of money")


@dataclass(frozen=True)
class PercentFee:
    """A platform fee as a share of the gross (`Decimal("0.05")` is 5%), charged to the
    employer; at most 1 (100%), with at most 4 decimal places."""

    share: Decimal

    def __post_init__(self) -> None:
        share = checked_decimal(self.share, "share", places=RATE_PLACES, maximum=Decimal(1))
        object.__setattr__(self, "share", share)


Fee = FixedFee | PercentFee


def fee(fee: Fee, gross: Money) -> Money:
    """The platform fee on a shift of `gross`: the employer pays it on top of the gross and
    the worker's pay does not change. A share is rounded once, half to even."""
    if gross.amount < 0:
        raise PayError("gross", "must not be negative")
    if isinstance(fee, FixedFee):
        if fee.amount.currency != gross.currency:
            raise PayError("amount", f"must be in {gross.currency}, the currency of the pay")
        return fee.amount
    if isinstance(fee, PercentFee):
        return gross.times(fee.share)
    raise TypeError(f"not a fee: {fee!r}")


# --- internals ----------------------------------------------------------------------------


def _rate(value: object) -> Decimal:
    return checked_decimal(value, "rate", places=RATE_PLACES, maximum=MAX_RATE)


def _present(clock_in: dt.datetime, clock_out: dt.datetime) -> dt.timedelta:
    for field, instant in (("clock_in", clock_in), ("clock_out", clock_out)):
        if not isinstance(instant, dt.datetime) or instant.utcoffset() is None:
            raise PayError(field, "must be an instant with a time zone")
    present = clock_out - clock_in
    if present <= dt.timedelta(0):
        raise PayError("clock_out", "must be after clock_in")
    if present > MAX_SHIFT:
        raise PayError("clock_out", "a shift lasts at most 24 hours after clock_in")
    return present


def _money(major: Decimal, currency: str, field: str) -> Money:
    """The one rounding, half to even. (A quotient by 60 that does not end is carried to 28
    significant digits: an exact half-unit tie ends, so the rounding never goes astray.)"""
    try:
        return Money.from_decimal(major, currency)
    except MoneyError:  # 1,000,000 pieces at 100,000,000 a piece
        raise PayError(field, "the gross would be out of range") from None
