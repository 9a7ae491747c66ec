"""Chinese identity numbers and phone numbers, checked offline (pure functions, no I/O).

- Resident identity card (GB 11643-1999): 17 digits and a check character. The weights are
  2^(17-i) mod 11; the check character is "10X98765432"[sum mod 11]. The 7th-14th digits are
  the birth date, which must be a real day since 1900 and, given the tenant's calendar day
  (`today=`, which the service passes), not after it.
- Unified social credit code (GB 32100-2015): 18 characters over "0123456789ABCDEFGHJKLMNPQRTUWXY"
  (no I, O, Z, S, V); weights 3^i mod 31; check = (31 - sum mod 31) mod 31.
- Mainland mobile number: 11 digits starting 1[3-9], optionally prefixed "+86" (removed).
"""

from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9][0-9]{16}[0-9X]$")

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_USCC_SHAPE = re.compile(f"^[{_USCC_CHARS}]{{2}}[0-9]{{6}}[{_USCC_CHARS}]{{10}}$")

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")

# The shapes accepted on input, as JSON-schema patterns (the check characters cannot be
# expressed there, so a well-shaped number with a wrong check character is still a 422).
ID_CARD_PATTERN = r"^[1-9][0-9]{16}[0-9Xx]$"
CREDIT_CODE_PATTERN = (
    r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$"
)
MOBILE_PATTERN = r"^(\+86)?1[3-9][0-9]{9}$"


class InvalidNumber(ValueError):
    """The number is malformed or its check character is wrong."""


def normalise_id_card(value: str, *, today: dt.date | None = None) -> str:
    """Upper-case, trimmed, validated 18-character ID-card number, or InvalidNumber. With
    `today` (a calendar day: the tenant's), a birth date after it is refused too."""
    number = value.strip().upper()
    if not _ID_SHAPE.fullmatch(number):
        raise InvalidNumber("An ID-card number has 17 digits and a check digit (0-9 or X).")
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        raise InvalidNumber("The ID-card number's check digit is wrong (GB 11643).")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidNumber("The ID-card number does not contain a valid birth date.") from None
    if born.year < 1900 or (today is not None and born > today):
        raise InvalidNumber("The ID-card number's birth date is not plausible.")
    return number


def id_card_check_digit(first17: str) -> str:
    """The check character for 17 digits (used by tests and fixtures)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def mask_id_card(number: str) -> str:
    """`440106199001011234` -> `4401**********1234`."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalise_credit_code(value: str) -> str:
    code = value.strip().upper()
    if not _USCC_SHAPE.fullmatch(code):
        raise InvalidNumber(
            "A unified social credit code has 18 characters (digits and upper-case letters "
            "except I, O, Z, S, V)."
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise InvalidNumber("The unified social credit code's check character is wrong (GB 32100).")
    return code


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def normalise_mobile(value: str) -> str:
    number = value.removeprefix("+86")
    if not _MOBILE.fullmatch(number):
        raise InvalidNumber(
            "A mainland mobile number has 11 digits and starts with 13-19 (optionally +86)."
        )
    return number
