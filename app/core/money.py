"""Money: integer minor units with an ISO 4217 currency. Never floats.

Rates (per day, per hour, per piece) may be `Decimal`; an amount of money is produced from
them exactly once, with `Money.from_decimal`, rounding half to even (banker's rounding).
Splitting an amount (`allocate`) gives the left-over minor units to the parts with the
largest remainders, so the parts always add up to the whole.
"""

from __future__ import annotations

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


@dataclass(frozen=True, order=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise MoneyError("amount must be an integer number of minor units")
        if abs(self.amount) > MAX_AMOUNT:
            raise MoneyError("amount out of range")
        exponent(self.currency)

    @classmethod
    def from_decimal(cls, major: Decimal, currency: str) -> Money:
        """`Decimal("280.005")` CNY -> 28000 fen (half-even); the one place rounding happens."""
        minor = (major * (Decimal(10) ** exponent(currency))).quantize(
            Decimal(1), rounding=ROUND_HALF_EVEN
        )
        return cls(int(minor), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-exponent(self.currency))

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise MoneyError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

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

    def __str__(self) -> str:
        return f"{self.to_decimal():f} {self.currency}"
