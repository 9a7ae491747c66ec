from typing import Literal

LedgerEntryDirection = Literal["credit", "debit"]

LEDGER_ENTRY_DIRECTION_VALUES: set[LedgerEntryDirection] = {
    "credit",
    "debit",
}


def check_ledger_entry_direction(value: str) -> LedgerEntryDirection:
    if value in LEDGER_ENTRY_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LEDGER_ENTRY_DIRECTION_VALUES!r}"
    )
