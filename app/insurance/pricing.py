"""Pure rules of cover: premiums, eligibility, cover windows and a policy's status. No I/O,
no clock: every instant and day is an argument.

- Premium: the product version's daily premium (an integer in minor units) per covered day,
  charged when that day's cover starts; nothing is rounded.
- Eligibility: the worker's age (whole years from the ID-card birth date) on every covered
  day within `[min_age, max_age]`; the job category not excluded.
- Cover window of a day `[start, end)`: from the clock-in (a shift's day) or from the day's
  00:00 (bought without a shift; from the purchase instant for a day bought that same day),
  to 24:00 in the tenant's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    """What a product version says that pricing needs."""

    daily_premium: int
    min_age: int
    max_age: int
    excluded_job_categories: tuple[str, ...] = ()


def premiums(terms: Terms, days: Sequence[dt.date]) -> dict[dt.date, int]:
    """The premium of each covered day."""
    return {day: terms.daily_premium for day in days}


def birth_date(id_card_number: str) -> dt.date:
    """The birth date an 18-character resident ID-card number carries (digits 7-14)."""
    digits = id_card_number[6:14]
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years completed on `day` (born on 29 February: a year completes on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_problem(terms: Terms, born: dt.date, days: Iterable[dt.date]) -> str | None:
    """Why the worker is outside the product's ages on one of the days, or None."""
    for day in sorted(days):
        age = age_on(born, day)
        if not terms.min_age <= age <= terms.max_age:
            return (
                f"The worker is {age} on {day.isoformat()}; this product covers ages "
                f"{terms.min_age} to {terms.max_age}."
            )
    return None


def category_problem(terms: Terms, job_category: str | None) -> str | None:
    if job_category is not None and job_category in terms.excluded_job_categories:
        return f"The product excludes the job category {job_category!r}."
    return None


def day_start_window(
    bounds: tuple[dt.datetime, dt.datetime], bought_at: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """A day bought without a shift: `[max(00:00, purchase), 24:00)`."""
    start, end = bounds
    return max(start, bought_at), end


def clock_in_window(
    bounds: tuple[dt.datetime, dt.datetime], clock_in_at: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """A shift's day: `[clock-in, 24:00)` (a clock-in is never before the day's 00:00)."""
    start, end = bounds
    return max(start, clock_in_at), end


def policy_status(day_statuses: Iterable[str]) -> str:
    """`cancelled` when every day is; `active` while a day is in force or, a day having
    started, another is still to come; `expired` once every day that was not cancelled has
    ended; else `scheduled`."""
    states = set(day_statuses)
    live = states - {"cancelled"}
    if not live:
        return "cancelled"
    if "active" in live or ("expired" in live and "scheduled" in live):
        return "active"
    if live == {"expired"}:
        return "expired"
    return "scheduled"
