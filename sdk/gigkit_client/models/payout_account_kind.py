from typing import Literal

PayoutAccountKind = Literal["bank_account", "wallet"]

PAYOUT_ACCOUNT_KIND_VALUES: set[PayoutAccountKind] = {
    "bank_account",
    "wallet",
}


def check_payout_account_kind(value: str) -> PayoutAccountKind:
    if value in PAYOUT_ACCOUNT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYOUT_ACCOUNT_KIND_VALUES!r}"
    )
