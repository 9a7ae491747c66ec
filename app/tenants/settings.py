"""A tenant's scalar settings, typed and validated in one place (pure: no I/O).

`TenantSettings` is what the rest of gigkit reads about a tenant's calendar, language and
money: `tenants.settings_of(session)` returns it, read once per unit of work. The rules for
each value live here and nowhere else; the wire schema (`TenantUpdateSchema`) and the
service (`create_tenant`, `update_current`) both use them, so the CLI cannot create a tenant
the API would refuse (an unknown time zone used to be stored as given and fail later, on
the first calendar day computed for it).

Settings that change over time and that past computations depend on (a withholding rate,
a fee) are not settings: they are effective-dated rule versions (`app/core/rules.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from app.core.errors import ValidationFailed, field_error
from app.core.money import CURRENCIES
from app.core.time import DEFAULT_TIME_ZONE, is_time_zone

LOCALE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
TIME_ZONE_MAX_LENGTH = 64
LOCALE_MAX_LENGTH = 16
DEFAULT_LOCALE = "zh-CN"
DEFAULT_CURRENCY = "CNY"
CURRENCY_CHOICES = tuple(sorted(CURRENCIES))


def time_zone_problem(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > TIME_ZONE_MAX_LENGTH or not is_time_zone(value):
        return "Not an IANA time zone (e.g. Asia/Shanghai)."
    return None


def locale_problem(value: Any) -> str | None:
    if not isinstance(value, str) or re.fullmatch(LOCALE_PATTERN, value) is None:
        return "Not a locale such as zh-CN or en (a language, then optionally a region)."
    return None


def currency_problem(value: Any) -> str | None:
    if value not in CURRENCIES:
        return f"Not a supported ISO 4217 currency (one of {', '.join(CURRENCY_CHOICES)})."
    return None


_CHECKS = {"time_zone": time_zone_problem, "locale": locale_problem, "currency": currency_problem}


@dataclass(frozen=True)
class TenantSettings:
    """The tenant's time zone (its calendar days), locale and default currency."""

    time_zone: str = DEFAULT_TIME_ZONE
    locale: str = DEFAULT_LOCALE
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        problems = [
            (f.name, problem)
            for f in fields(self)
            if (problem := _CHECKS[f.name](getattr(self, f.name))) is not None
        ]
        if problems:
            raise ValidationFailed(
                problems[0][1], errors=[field_error(name, message) for name, message in problems]
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
