"""Valid test numbers for a test tenant: credit codes, ID-card numbers, mobile numbers.

gigkit checks the check characters of the numbers it is given (422 otherwise) and refuses a
second employer with the same credit code or a second worker with the same ID-card number
(409). These make numbers that pass both checks:

    from gigkit_sdk.testing import credit_code, id_card_number, mobile

    employer = gk.employers.create(name="狮岭皮具厂", credit_code=credit_code())
    worker = gk.workers.create(name="陈伟", mobile=mobile(), id_card_number=id_card_number())

Without `seed` every call gives a new number (drawn from the operating system's randomness,
some 10^17 credit codes and 3 x 10^8 ID-card numbers per birth date), so a script run again
on the same tenant practically never collides with its earlier runs. With a `seed` (an int
or a str) the number is always the same, for fixtures and snapshots. They are shaped like
real numbers (a real province, GB 11714 organisation code, GB 11643 check digit) but made
up: use them in test mode only.
"""

from __future__ import annotations

import datetime as dt
import random

__all__ = ["credit_code", "id_card_number", "mobile"]

# GB 32100-2015: the alphabet (no I, O, Z, S, V) and the weights of the check character.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997: the organisation code inside it (8 characters and a check character).
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# GB 11643-1999: weights 2^(17-i) mod 11 and the check characters of the ID-card number.
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
# The province-level codes of GB/T 2260 (the first two digits of both numbers).
_PROVINCES = (*range(11, 16), 21, 22, 23, *range(31, 38), *range(41, 47), *range(50, 55))
_PROVINCES += (61, 62, 63, 64, 65)
# Mobile carriers' prefixes (the API accepts any 13x-19x).
_MOBILE_PREFIXES = (*range(130, 140), *range(150, 160), 166, *range(175, 179), *range(180, 190))
_MOBILE_PREFIXES += (191, 198, 199)

Seed = int | str | None


def credit_code(seed: Seed = None) -> str:
    """A valid 18-character unified social credit code (统一社会信用代码) of a company:
    `91` (an enterprise registered with market regulation), a six-digit region, a nine-
    character organisation code with its own check character, and the GB 32100 check
    character."""
    rng = _random("credit_code", seed)
    organisation = "".join(rng.choice(_USCC_CHARS) for _ in range(8))
    first17 = "91" + _region(rng) + organisation + _organisation_check(organisation)
    return first17 + _credit_code_check(first17)


def id_card_number(birth: dt.date = dt.date(1990, 1, 1), seed: Seed = None) -> str:
    """A valid 18-digit resident ID-card number (居民身份证号码) of someone born on `birth`
    (1900 or later; gigkit also refuses a birth date after the tenant's today): a six-digit
    region, the birth date, a three-digit sequence number and the GB 11643 check digit."""
    if birth.year < 1900:
        raise ValueError("gigkit refuses ID-card numbers of people born before 1900")
    rng = _random("id_card_number", seed)
    first17 = _region(rng) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + _ID_CHECK[total % 11]


def mobile(seed: Seed = None) -> str:
    """A mainland mobile number: 11 digits after a carrier's prefix (13x-19x)."""
    rng = _random("mobile", seed)
    return f"{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def _random(kind: str, seed: Seed) -> random.Random:
    if seed is None:
        return random.SystemRandom()
    # A str seed is hashed with SHA-512: the same number in every process and version.
    return random.Random(f"gigkit-{kind}:{type(seed).__name__}:{seed}")  # noqa: S311


def _region(rng: random.Random) -> str:
    """A province, then a city and county number (01-99 each)."""
    return f"{rng.choice(_PROVINCES)}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"


def _organisation_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _credit_code_check(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]
