"""The pure rules of cover (`app/insurance/pricing.py`): no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from app.insurance import pricing

TERMS = pricing.Terms(300, 16, 65, ("working_at_height",))


def test_a_premium_per_covered_day() -> None:
    days = [dt.date(2027, 3, 2), dt.date(2027, 3, 3)]
    assert pricing.premiums(TERMS, days) == {days[0]: 300, days[1]: 300}


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2011, 3, 4), dt.date(2027, 3, 3), 15),
        (dt.date(2011, 3, 4), dt.date(2027, 3, 4), 16),
        (dt.date(2008, 2, 29), dt.date(2027, 2, 28), 18),  # a leap-day birthday: 1 March
        (dt.date(2008, 2, 29), dt.date(2027, 3, 1), 19),
    ],
)
def test_age_in_whole_years(born: dt.date, day: dt.date, age: int) -> None:
    assert pricing.age_on(born, day) == age


def test_the_birth_date_on_an_id_card() -> None:
    assert pricing.birth_date("11010519900307123X") == dt.date(1990, 3, 7)


def test_ages_on_every_covered_day_and_excluded_categories() -> None:
    born = dt.date(1961, 3, 3)  # 66 on 3 March 2027
    assert pricing.age_problem(TERMS, born, [dt.date(2027, 3, 2)]) is None
    problem = pricing.age_problem(TERMS, born, [dt.date(2027, 3, 3), dt.date(2027, 3, 2)])
    assert problem is not None and "66 on 2027-03-03" in problem
    assert pricing.category_problem(TERMS, "working_at_height") is not None
    assert pricing.category_problem(TERMS, "packing") is None
    assert pricing.category_problem(TERMS, None) is None


def test_windows() -> None:
    start = dt.datetime(2027, 3, 2, 16, tzinfo=dt.UTC)
    bounds = (start, start + dt.timedelta(days=1))
    early, later = start - dt.timedelta(hours=3), start + dt.timedelta(hours=9)
    assert pricing.day_start_window(bounds, early) == bounds  # bought the day before
    assert pricing.day_start_window(bounds, later) == (later, bounds[1])  # bought that day
    assert pricing.clock_in_window(bounds, later) == (later, bounds[1])


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (["scheduled", "scheduled"], "scheduled"),
        (["active", "scheduled"], "active"),
        (["expired", "scheduled"], "active"),  # between two covered days
        (["expired", "cancelled"], "expired"),
        (["cancelled", "cancelled"], "cancelled"),
        (["cancelled", "scheduled"], "scheduled"),
    ],
)
def test_a_policy_follows_its_days(days: list[str], status: str) -> None:
    assert pricing.policy_status(days) == status
