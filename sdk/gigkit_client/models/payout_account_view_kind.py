from typing import Literal

PayoutAccountViewKind = Literal["bank_account", "wallet"]

PAYOUT_ACCOUNT_VIEW_KIND_VALUES: set[PayoutAccountViewKind] = {
    "bank_account",
    "wallet",
}


def check_payout_account_view_kind(value: str) -> PayoutAccountViewKind:
    if value in PAYOUT_ACCOUNT_VIEW_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYOUT_ACCOUNT_VIEW_KIND_VALUES!r}"
    )
