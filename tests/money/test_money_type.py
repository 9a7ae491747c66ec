"""core/money.Money as calculation code uses it: arithmetic and comparisons within one
currency, rates as Decimal rounded half-even once, and `format` for people."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import money
from app.core.money import Money, MoneyError

CNY = "CNY"


def test_arithmetic_and_comparisons_stay_in_one_currency() -> None:
    a, b = Money(28_000, CNY), Money(3_000, CNY)
    assert a + b == Money(31_000, CNY) and a - b == Money(25_000, CNY) and -b == Money(-3_000, CNY)
    assert b < a and a > b and a >= a and b <= a and bool(a) and not Money.zero(CNY)
    assert Money.sum([a, b, b], CNY) == Money(34_000, CNY) and Money.sum([], CNY).amount == 0
    usd = Money(1, "USD")
    for mixed in (
        lambda: a + usd,
        lambda: a - usd,
        lambda: a < usd,
        lambda: a >= usd,
        lambda: Money.sum([a, usd], CNY),
        lambda: a + 1,  # type: ignore[operator]
    ):
        with pytest.raises(MoneyError):
            mixed()


@pytest.mark.parametrize(
    ("rate", "quantity", "expected"),
    [  # the worked examples of docs/money.md section 1
        ("35.0625", "7.5", 26_297),  # 262.96875 CNY: nearest
        ("0.045", 1_001, 4_504),  # 45.045: tie -> even
        ("0.045", 1_003, 4_514),  # 45.135: tie -> even
        ("280.005", 1, 28_000),  # 28000.5 fen: tie -> even
    ],
)
def test_a_rate_becomes_money_once_half_even(rate: str, quantity: object, expected: int) -> None:
    amount = Decimal(rate) * (Decimal(quantity) if isinstance(quantity, str) else quantity)  # type: ignore[operator]
    assert Money.from_decimal(amount, CNY) == Money(expected, CNY)


def test_times_rounds_the_exact_product_once() -> None:
    hourly = Money.from_decimal(Decimal("35.06"), CNY)
    assert hourly.times(Decimal("7.5")) == Money(26_295, CNY)  # 262.95: exact
    assert Money(1, CNY).times(Decimal("0.5")) == Money(0, CNY)  # 0.5 fen: tie -> even
    assert Money(3, CNY).times(Decimal("0.5")) == Money(2, CNY)  # 1.5 fen: tie -> even
    assert Money(280, "JPY").times(3) == Money(840, "JPY")
    for bad in (0.5, True, "2"):
        with pytest.raises(MoneyError):
            Money(1, CNY).times(bad)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money.from_decimal(280.5, CNY)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money.from_decimal(Decimal("Infinity"), CNY)


@given(st.integers(0, 10**9), st.integers(0, 10**6))
def test_times_is_exact_for_whole_quantities(amount: int, quantity: int) -> None:
    assert (
        Money(amount, CNY).times(quantity).amount == amount * quantity or amount * quantity > 10**15
    )


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "text"),
    [
        (123_450, "CNY", "en", "CNY 1,234.50"),
        (123_450, "CNY", "zh-CN", "人民币 1,234.50 元"),
        (28_000, "JPY", "zh-CN", "JPY 28,000"),
        (28_000, "KWD", "en", "KWD 28.000"),
        (5, "CNY", "en", "CNY 0.05"),
        (-500, "CNY", "en", "CNY -5.00"),
        (0, "USD", "en", "USD 0.00"),
    ],
)
def test_format_writes_an_amount_for_people(
    amount: int, currency: str, locale: str, text: str
) -> None:
    assert money.format(amount, currency, locale) == text
    assert Money(amount, currency).format(locale) == text


def test_format_refuses_what_is_not_an_amount() -> None:
    for amount, currency in ((1.5, "CNY"), (True, "CNY"), (1, "XXX")):
        with pytest.raises(MoneyError):
            money.format(amount, currency)  # type: ignore[arg-type]
