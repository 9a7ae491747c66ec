"""Money: integer minor units, one rounding rule, splits that add up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money import Money, MoneyError


def test_from_decimal_rounds_half_to_even_once() -> None:
    assert Money.from_decimal(Decimal("280.005"), "CNY") == Money(28000, "CNY")
    assert Money.from_decimal(Decimal("280.015"), "CNY") == Money(28002, "CNY")
    assert Money.from_decimal(Decimal("1050"), "XOF") == Money(1050, "XOF")
    assert Money.from_decimal(Decimal("1.2345"), "KWD") == Money(1234, "KWD")
    assert str(Money(28000, "CNY")) == "280.00 CNY"


def test_invalid_money_is_refused() -> None:
    for amount, currency in (
        (1.0, "CNY"),
        ("1", "CNY"),
        (True, "CNY"),
        (1, "XXX"),
        (10**16, "CNY"),
    ):
        with pytest.raises(MoneyError):
            Money(amount, currency)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(1, "CNY") + Money(1, "USD")


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(0, 1000), min_size=1, max_size=20))
def test_allocate_parts_sum_to_the_whole(amount: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        with pytest.raises(MoneyError):
            Money(amount, "CNY").allocate(weights)
        return
    parts = Money(amount, "CNY").allocate(weights)
    assert sum(p.amount for p in parts) == amount
    for part, weight in zip(parts, weights, strict=True):
        if weight == 0:
            assert part.amount == 0
        exact = Decimal(amount) * weight / sum(weights)
        assert abs(Decimal(part.amount) - exact) < 1
