"""`gigkit_sdk.testing`'s numbers pass the server's own checks (app.parties.identity), are the
same for the same seed and new without one."""

from __future__ import annotations

import datetime as dt

import gigkit_sdk
import pytest
from gigkit_sdk.testing import credit_code, id_card_number, mobile
from hypothesis import given
from hypothesis import strategies as st

from app.parties.identity import normalise_credit_code, normalise_id_card, normalise_mobile

seeds = st.one_of(st.none(), st.integers(), st.text(max_size=20))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())


def organisation_code_is_valid(code: str) -> bool:
    """GB 11714: 8 characters, then 11 - (weighted sum mod 11), 10 as X and 11 as 0."""
    total = sum(int(c, 36) * w for c, w in zip(code[:8], [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    return code[8] == "0123456789X0"[11 - total % 11]


def test_the_organisation_code_check_is_gb_11714() -> None:
    assert organisation_code_is_valid("M000100Y4")  # in the demo employer's real-shaped code
    assert not organisation_code_is_valid("M000100Y5")


@given(seed=seeds)
def test_credit_codes_pass_the_servers_check(seed: int | str | None) -> None:
    code = credit_code(seed)
    assert normalise_credit_code(code) == code
    assert code.startswith("91") and organisation_code_is_valid(code[8:17])


@given(birth=births, seed=seeds)
def test_id_card_numbers_pass_the_servers_check(birth: dt.date, seed: int | str | None) -> None:
    number = id_card_number(birth, seed=seed)
    assert normalise_id_card(number, today=dt.date.today()) == number
    assert number[6:14] == birth.strftime("%Y%m%d")


@given(seed=seeds)
def test_mobiles_pass_the_servers_check(seed: int | str | None) -> None:
    number = mobile(seed)
    assert normalise_mobile(number) == number


@given(seed=st.one_of(st.integers(), st.text(max_size=20)))
def test_a_seed_gives_the_same_numbers(seed: int | str) -> None:
    assert credit_code(seed) == credit_code(seed)
    assert id_card_number(seed=seed) == id_card_number(dt.date(1990, 1, 1), seed)
    assert mobile(seed) == mobile(seed)


def test_seeds_are_stable_across_processes_and_distinct() -> None:
    """A seeded number is a fixture: it must not change between runs (str seeds are hashed
    with SHA-512, not Python's per-process hash)."""
    assert credit_code(1) == "914613869XT4GT5862"
    assert credit_code("1") != credit_code(1) != credit_code(2)
    assert id_card_number(seed="a") == "15711219900101940X"


def test_without_a_seed_every_number_is_new() -> None:
    """A demo run again on the same tenant must not hit the duplicate checks (409)."""
    for make in (credit_code, id_card_number):
        made = {make() for _ in range(2000)}
        assert len(made) == 2000, make


def test_birth_dates_the_server_refuses_are_refused() -> None:
    with pytest.raises(ValueError, match="1900"):
        id_card_number(dt.date(1899, 12, 31))


def test_exported() -> None:
    assert "testing" in gigkit_sdk.__all__
    assert gigkit_sdk.testing.__all__ == ["credit_code", "id_card_number", "mobile"]
