"""GB 11643 ID-card and GB 32100 credit-code checks, and mobile numbers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.parties import identity
from tests.helpers import credit_code, id_card_number


def test_published_examples_are_valid() -> None:
    assert identity.normalise_id_card("11010519491231002x") == "11010519491231002X"
    assert identity.normalise_credit_code("91350100m000100y43") == "91350100M000100Y43"


@given(st.randoms(use_true_random=False))
def test_any_single_digit_change_is_caught(rng: random.Random) -> None:
    number = id_card_number(rng)
    pos = rng.randrange(17)
    digit = str((int(number[pos]) + rng.randint(1, 9)) % 10)
    changed = number[:pos] + digit + number[pos + 1 :]
    with pytest.raises(identity.InvalidNumber):
        identity.normalise_id_card(changed)


@given(st.randoms(use_true_random=False))
def test_adjacent_transpositions_in_credit_codes_are_caught(rng: random.Random) -> None:
    code = credit_code(rng)
    pos = rng.randrange(8, 16)
    if code[pos] == code[pos + 1]:
        return
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    with pytest.raises(identity.InvalidNumber):
        identity.normalise_credit_code(swapped)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1101051949123100",
        "110105194912310021",
        "11010519491331002X",
        "01010519491231002X",
        "11010519491231002\uff38",
        "11010519491231002X\x00",
    ],
)
def test_bad_id_cards(value: str) -> None:
    with pytest.raises(identity.InvalidNumber):
        identity.normalise_id_card(value)


def test_a_birth_date_after_the_given_day_is_refused() -> None:
    born_2099 = "110105209912310029"
    assert identity.normalise_id_card(born_2099) == born_2099  # no day given: shape only
    for today in (dt.date(2026, 12, 3), dt.date(2099, 12, 30)):
        with pytest.raises(identity.InvalidNumber, match="birth date"):
            identity.normalise_id_card(born_2099, today=today)
    assert identity.normalise_id_card(born_2099, today=dt.date(2099, 12, 31)) == born_2099


@pytest.mark.parametrize(
    "value", ["91350100M000100Y44", "91350100M000100I43", "9135010OM000100Y43", "913501", ""]
)
def test_bad_credit_codes(value: str) -> None:
    with pytest.raises(identity.InvalidNumber):
        identity.normalise_credit_code(value)


@pytest.mark.parametrize(
    "value,expected", [("13800138000", "13800138000"), ("+8613800138000", "13800138000")]
)
def test_mobile_normalisation(value: str, expected: str) -> None:
    assert identity.normalise_mobile(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "12800138000",
        "1380013800",
        "+1 415 555 0100",
        "138001380000",
        "+86 138-0013-8000",
        "8613800138000",
        "13800138000\n",
    ],
)
def test_bad_mobiles(value: str) -> None:
    with pytest.raises(identity.InvalidNumber):
        identity.normalise_mobile(value)


def test_mask() -> None:
    assert identity.mask_id_card("440106199001011235") == "4401**********1235"
