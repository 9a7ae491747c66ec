"""work.pay: the gross of one shift, as worked examples with the hand calculation written
out, then every input that is refused, by the field it names.

The seed's day (/work/shared/seeds): Fan Caixue takes a job at 280 CNY a day, starts after
7:00 and clocks out after 20:00; he is paid 280.00, not thirteen hours of anything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money import Money
from app.work import pay
from app.work.pay import Daily, FixedFee, Hourly, PayError, PercentFee, Piece
from app.work.withholding import STATUTORY, withhold

SHANGHAI = ZoneInfo("Asia/Shanghai")
CNY = "CNY"


def at(hhmmss: str, day: int = 2) -> dt.datetime:
    """An instant on March `day`, 2026, Shanghai wall-clock time ('07:00' or '12:07:30')."""
    return dt.datetime.fromisoformat(f"2026-03-{day:02d}T{hhmmss}").replace(tzinfo=SHANGHAI)


def fen(amount: int) -> Money:
    return Money(amount, CNY)


# --- worked examples --------------------------------------------------------------------------


def test_the_seeds_day_280_a_day_from_7_to_20_is_280() -> None:
    """280.00 CNY/day x 1 day = 280.00 CNY; the 13 hours present change nothing."""
    gross = pay.gross(Daily(Decimal("280.00")), CNY, clock_in=at("07:00"), clock_out=at("20:00"))
    assert gross.amount == fen(28000)
    assert (gross.basis, gross.rate, gross.unit, gross.quantity) == (
        "daily",
        Decimal("280.00"),
        "day",
        Decimal(1),
    )
    assert gross.present == gross.worked == dt.timedelta(hours=13)
    assert gross.paid_minutes is None and gross.rounding is None
    assert gross.formula == "280.00 CNY/day x 1 day = 280.00 CNY"


def test_hourly_quarter_hours_started_after_the_break_and_a_half_even_tie() -> None:
    """32.46 CNY/hour, unpaid break 30 min, each started quarter hour paid in full.

    08:00:00 -> 12:07:30 is 4 h 7 min 30 s present; less the 30-minute break, 3 h 37 min
    30 s = 217.5 min worked = 14.5 quarter hours: the 15th has started, so 15 quarters,
    225 min are paid. 32.46 x 225 / 60 = 121.725 CNY = 12172.5 fen, a tie: half to even,
    12172 fen = 121.72 CNY (half up would say 121.73)."""
    terms = Hourly(Decimal("32.46"), rounding="quarter_hour_started", break_minutes=30)
    gross = pay.gross(terms, CNY, clock_in=at("08:00"), clock_out=at("12:07:30"))
    assert gross.present == dt.timedelta(hours=4, minutes=7, seconds=30)
    assert gross.worked == dt.timedelta(hours=3, minutes=37, seconds=30)
    assert gross.paid_minutes == 225
    assert gross.amount == fen(12172)
    assert gross.rounding == "quarter_hour_started"
    assert gross.rounding_text == "each started quarter hour is paid as a full 15 minutes"
    assert gross.formula == "32.46 CNY/hour x 225 min / 60 = 121.72 CNY"


def test_hourly_by_the_minute_over_the_seeds_day() -> None:
    """35.0625 CNY/hour, 07:00 -> 20:00 with a 60-minute break: 12 h = 720 min paid,
    35.0625 x 720 / 60 = 420.75 CNY exactly. One second into a minute starts it:
    09:00:00 -> 09:07:01 is 8 minutes, 35 x 8 / 60 = 4.666... -> 4.67 CNY."""
    day = pay.gross(
        Hourly(Decimal("35.0625"), break_minutes=60),
        CNY,
        clock_in=at("07:00"),
        clock_out=at("20:00"),
    )
    assert (day.paid_minutes, day.amount) == (720, fen(42075))
    short = pay.gross(Hourly(Decimal(35)), CNY, clock_in=at("09:00"), clock_out=at("09:07:01"))
    assert (short.paid_minutes, short.amount) == (8, fen(467))


def test_a_shift_no_longer_than_its_break_is_paid_nothing() -> None:
    """20 minutes present, 30 minutes of unpaid break: 0 minutes worked, 0.00 CNY."""
    terms = Hourly(Decimal("32.50"), rounding="half_hour_started", break_minutes=30)
    gross = pay.gross(terms, CNY, clock_in=at("08:00"), clock_out=at("08:20"))
    assert (gross.worked, gross.paid_minutes, gross.amount) == (dt.timedelta(0), 0, fen(0))


def test_piece_rates_and_the_half_even_tie_of_docs_money() -> None:
    """1,001 pieces x 0.045 CNY = 45.045 CNY = 4504.5 fen, a tie: even, 4504 fen (the
    example of docs/money.md). 12.5 kg x 3.20 CNY/kg = 40.00 CNY."""
    bags = pay.gross(
        Piece(Decimal("0.045")), CNY, clock_in=at("07:00"), clock_out=at("20:00"), quantity=1001
    )
    assert (bags.amount, bags.quantity, bags.unit) == (fen(4504), Decimal(1001), "piece")
    assert bags.formula == "0.045 CNY/piece x 1001 piece = 45.04 CNY"
    trim = pay.gross(
        Piece(Decimal("3.20"), unit="kg"),
        CNY,
        clock_in=at("07:00"),
        clock_out=at("11:00"),
        quantity=Decimal("12.5"),
    )
    assert trim.amount == fen(4000)
    assert trim.formula == "3.20 CNY/kg x 12.5 kg = 40.00 CNY"


def test_the_fee_is_the_employers_and_the_worker_is_paid_in_full() -> None:
    """The seed's day with a 5% platform fee: 5% x 280.00 = 14.00 CNY, on top. The employer
    pays 280.00 + 14.00 = 294.00; the worker's first payment of the month (280.00, under
    800) withholds 0.00, and he is paid 280.00, the fee named nowhere on his side.
    A 2.00 CNY fixed fee on the same day: the employer pays 282.00, the worker 280.00 still.
    A share is rounded once, half to even: 0.75% x 121.72 = 0.9129 -> 0.91; 2.5% x 1.00 =
    0.025 -> 0.02 (a tie, to even)."""
    gross = pay.gross(Daily(Decimal(280)), CNY, clock_in=at("07:00"), clock_out=at("20:00"))
    percent = pay.fee(PercentFee(Decimal("0.05")), gross.amount)
    fixed = pay.fee(FixedFee(fen(200)), gross.amount)
    zero = fen(0)
    withheld = withhold(
        STATUTORY, month_to_date_gross_before=zero, this_gross=gross.amount, withheld_so_far=zero
    )
    assert percent == fen(1400)
    assert gross.amount + percent == fen(29400)  # the employer's statement
    assert fixed == fen(200) and gross.amount + fixed == fen(28200)
    assert withheld.withheld == zero and withheld.net == fen(28000)  # the worker's payslip
    assert pay.fee(PercentFee(Decimal("0.0075")), fen(12172)) == fen(91)
    assert pay.fee(PercentFee(Decimal("0.025")), fen(100)) == fen(2)


@given(
    worked_seconds=st.integers(0, 86_400 - 3600),
    rounding=st.sampled_from(sorted(pay.ROUNDING)),
)
def test_rounding_pays_every_started_unit_and_no_more(worked_seconds: int, rounding: str) -> None:
    terms = Hourly(Decimal(60), rounding=rounding, break_minutes=60)  # type: ignore[arg-type]
    clock_out = at("00:00") + dt.timedelta(hours=1, seconds=worked_seconds)
    gross = pay.gross(terms, CNY, clock_in=at("00:00"), clock_out=clock_out)
    unit = pay.ROUNDING[rounding][0] * 60
    assert gross.paid_minutes is not None and gross.paid_minutes % (unit // 60) == 0
    assert worked_seconds <= gross.paid_minutes * 60 < worked_seconds + unit
    assert gross.amount == fen(gross.paid_minutes * 100)  # 60 CNY an hour is 1 CNY a minute


# --- refused ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Daily(Decimal("280.00001")), "rate"),  # 5 decimal places
        (lambda: Daily(Decimal(0)), "rate"),
        (lambda: Daily(Decimal("-280")), "rate"),
        (lambda: Daily(Decimal("NaN")), "rate"),
        (lambda: Daily(Decimal("1E+9")), "rate"),  # above 100,000,000
        (lambda: Daily(280.0), "rate"),  # a float
        (lambda: Daily(None), "rate"),  # no rate
        (lambda: Hourly(Decimal(35), rounding="fortnight"), "rounding"),
        (lambda: Hourly(Decimal(35), break_minutes=-5), "break_minutes"),
        (lambda: Hourly(Decimal(35), break_minutes=1441), "break_minutes"),
        (lambda: Hourly(Decimal(35), break_minutes=True), "break_minutes"),
        (lambda: Piece(Decimal("0.045"), unit=" "), "unit"),
        (lambda: Piece(Decimal("0.045"), unit="kg\n"), "unit"),
        (lambda: Piece(Decimal("0.045"), unit="x" * 21), "unit"),
        (lambda: FixedFee(fen(0)), "amount"),
        (lambda: PercentFee(Decimal("1.5")), "share"),
        (lambda: PercentFee(Decimal("0.00001")), "share"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(make: object, field: str) -> None:
    with pytest.raises(PayError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(f"{field}: ")


PIECE = Piece(Decimal("0.045"))


@pytest.mark.parametrize(
    ("terms", "currency", "clock_in", "clock_out", "quantity", "field"),
    [
        (PIECE, CNY, at("07:00"), at("20:00"), None, "quantity"),  # none given
        (PIECE, CNY, at("07:00"), at("20:00"), 0, "quantity"),
        (PIECE, CNY, at("07:00"), at("20:00"), -3, "quantity"),
        (PIECE, CNY, at("07:00"), at("20:00"), Decimal("1.0005"), "quantity"),  # 4 places
        (PIECE, CNY, at("07:00"), at("20:00"), 1_000_001, "quantity"),
        (PIECE, CNY, at("07:00"), at("20:00"), 12.5, "quantity"),  # a float
        (Piece(Decimal(10**8)), CNY, at("07:00"), at("20:00"), 10**6, "quantity"),  # 10^16 fen
        (Daily(Decimal(280)), CNY, at("07:00"), at("20:00"), 3, "quantity"),  # not a piece rate
        (Daily(Decimal(280)), "XXX", at("07:00"), at("20:00"), None, "currency"),
        (Daily(Decimal(280)), CNY, at("20:00"), at("07:00"), None, "clock_out"),  # before
        (Daily(Decimal(280)), CNY, at("07:00"), at("07:00"), None, "clock_out"),  # no time
        (Daily(Decimal(280)), CNY, at("07:00"), at("07:01", day=3), None, "clock_out"),  # > 24 h
        (
            Daily(Decimal(280)),
            CNY,
            dt.datetime(2026, 3, 2, 7),  # no time zone
            at("20:00"),
            None,
            "clock_in",
        ),
    ],
)
def test_bad_shifts_are_refused_naming_the_field(
    terms: pay.Terms,
    currency: str,
    clock_in: dt.datetime,
    clock_out: dt.datetime,
    quantity: object,
    field: str,
) -> None:
    with pytest.raises(PayError) as caught:
        pay.gross(terms, currency, clock_in=clock_in, clock_out=clock_out, quantity=quantity)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_fixed_fee_in_another_currency_is_refused() -> None:
    with pytest.raises(PayError) as caught:
        pay.fee(FixedFee(Money(200, "USD")), fen(28000))
    assert caught.value.field == "amount"
