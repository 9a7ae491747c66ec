"""Money: integer minor units with an ISO 4217 currency. Never floats.

Rates (per day, per hour, per piece) may be `Decimal`; an amount of money is produced from
them exactly once, with `Money.from_decimal`, rounding half to even (banker's rounding).
Splitting an amount (`allocate`) gives the left-over minor units to the parts with the
largest remainders, so the parts always add up to the whole.

Pure calculation code (pay, withholding, pricing) takes rates as `Decimal` and returns
`Money`; `format(amount, currency, locale)` writes an amount for people (documents, PDFs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

# ISO 4217 minor-unit exponents for the currencies gigkit accepts. Anything not listed is
# refused rather than guessed.
EXPONENTS: dict[str, int] = {
    "CNY": 2,
    "HKD": 2,
    "MOP": 2,
    "TWD": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "SGD": 2,
    "MYR": 2,
    "THB": 2,
    "PHP": 2,
    "IDR": 2,
    "INR": 2,
    "AUD": 2,
    "CAD": 2,
    "CHF": 2,
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "XOF": 0,
    "XAF": 0,
    "UGX": 0,
    "CLP": 0,
    "BHD": 3,
    "JOD": 3,
    "KWD": 3,
    "OMR": 3,
    "TND": 3,
}
CURRENCIES = frozenset(EXPONENTS)
MAX_AMOUNT = 10**15  # far above any wage; keeps every amount inside a signed 64-bit column


class MoneyError(ValueError):
    """An amount or currency that gigkit cannot represent."""


def exponent(currency: str) -> int:
    try:
        return EXPONENTS[currency]
    except KeyError:
        raise MoneyError(f"unsupported currency {currency!r}") from None


@dataclass(frozen=True)
class Money:
    """An amount in minor units of one currency. Arithmetic and comparisons only within one
    currency (`MoneyError` otherwise); no operation rounds except `from_decimal` and `times`,
    where a rate becomes money."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise MoneyError("amount must be an integer number of minor units")
        if abs(self.amount) > MAX_AMOUNT:
            raise MoneyError("amount out of range")
        exponent(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, major: Decimal | int, currency: str) -> Money:
        """`Decimal("280.005")` CNY -> 28000 fen (half-even); the one place rounding happens."""
        if isinstance(major, float | bool) or not isinstance(major, Decimal | int):
            raise MoneyError("a major-unit amount is a Decimal or an int, never a float")
        exact = Decimal(major) * (Decimal(10) ** exponent(currency))
        if not exact.is_finite():
            raise MoneyError("amount out of range")
        return cls(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)), currency)

    @classmethod
    def sum(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The total of `amounts` (all in `currency`); zero for none."""
        total = cls.zero(currency)
        for amount in amounts:
            total += amount
        return total

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-exponent(self.currency))

    def times(self, rate: Decimal | int) -> Money:
        """This amount times a rate or quantity (`7.5` hours, `1001` pieces), rounded once,
        half-even, to a minor unit: 35.0625 CNY x 7.5 = 262.96875 -> 262.97 CNY."""
        if isinstance(rate, float | bool) or not isinstance(rate, Decimal | int):
            raise MoneyError("a rate is a Decimal or an int, never a float")
        return Money.from_decimal(self.to_decimal() * rate, self.currency)

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(f"not money: {other!r}")
        if self.currency != other.currency:
            raise MoneyError(f"currency mismatch: {self.currency} vs {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return self.amount != 0

    def allocate(self, weights: list[int]) -> list[Money]:
        """Split in proportion to non-negative integer `weights`; parts sum exactly to self."""
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise MoneyError("weights must be non-negative and not all zero")
        total = sum(weights)
        sign = -1 if self.amount < 0 else 1
        whole = abs(self.amount)
        parts = [whole * w // total for w in weights]
        # Largest remainder first (ties to the earlier part): zero weights never get a unit.
        order = sorted(range(len(weights)), key=lambda i: (-(whole * weights[i] % total), i))
        for i in order[: whole - sum(parts)]:
            parts[i] += 1
        return [Money(sign * p, self.currency) for p in parts]

    def format(self, locale: str = "en") -> str:
        """For people: `CNY 1,234.50`, or `人民币 1,234.50 元` in zh-CN (see `format`)."""
        return format(self.amount, self.currency, locale)

    def __str__(self) -> str:
        return f"{self.to_decimal():f} {self.currency}"


def format(amount: int, currency: str, locale: str = "en") -> str:
    """An amount in minor units, for people: the major units with thousands separators and
    the currency's minor digits (none for JPY, three for KWD). In `zh-CN`, CNY reads
    `人民币 1,234.50 元`; everything else `CNY 1,234.50`, `JPY 28,000`, `CNY -5.00`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise MoneyError("amount must be an integer number of minor units")
    digits = exponent(currency)
    major, minor = divmod(abs(amount), 10**digits)
    number = ("-" if amount < 0 else "") + f"{major:,}" + (f".{minor:0{digits}d}" if digits else "")
    if locale == "zh-CN" and currency == "CNY":
        return f"人民币 {number} 元"
    return f"{currency} {number}"
