"""Rendering placeholders (pure): money in the currency's own minor units, dates, masks."""

from __future__ import annotations

import pytest

from app.signing import documents
from app.signing.documents import Party

PLACEHOLDERS = [{"name": "wage", "type": "money"}, {"name": "day", "type": "date"}]


@pytest.mark.parametrize(
    "currency, locale, shown",
    [
        ("CNY", "zh-CN", "人民币 150.00 元"),
        ("CNY", "en", "CNY 150.00"),
        ("JPY", "en", "JPY 15,000"),  # no minor unit
        ("KWD", "en", "KWD 15.000"),  # three decimals
    ],
)
def test_money_uses_the_currencys_minor_unit(currency: str, locale: str, shown: str) -> None:
    text = documents.render(
        "{{wage}} / {{day}}",
        PLACEHOLDERS,
        {"wage": 15000, "day": "2026-12-01"},
        {},
        locale=locale,
        currency=currency,
    )
    assert text.startswith(shown + " / ")
    assert text.endswith("2026年12月1日" if locale == "zh-CN" else "1 December 2026")


def test_party_fields_are_masked() -> None:
    placeholders = [{"name": "m", "type": "worker.mobile"}, {"name": "i", "type": "worker.id_card"}]
    worker = Party("worker", "陈伟", mobile="13800138000", id_card_masked="1101**********002X")
    text = documents.render(
        "{{m}} {{i}}", placeholders, {}, {"worker": worker}, locale="en", currency="CNY"
    )
    assert text == "138****8000 1101**********002X"


@pytest.mark.parametrize("value", [10**16, -(10**16), 2**63])
def test_integers_are_bounded(value: int) -> None:
    problems = documents.value_problems([{"name": "n", "type": "integer"}], {"n": value})
    assert [field for field, _ in problems] == ["variables.n"]
