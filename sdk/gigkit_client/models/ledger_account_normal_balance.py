from typing import Literal

LedgerAccountNormalBalance = Literal["credit", "debit"]

LEDGER_ACCOUNT_NORMAL_BALANCE_VALUES: set[LedgerAccountNormalBalance] = {
    "credit",
    "debit",
}


def check_ledger_account_normal_balance(value: str) -> LedgerAccountNormalBalance:
    if value in LEDGER_ACCOUNT_NORMAL_BALANCE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LEDGER_ACCOUNT_NORMAL_BALANCE_VALUES!r}"
    )
