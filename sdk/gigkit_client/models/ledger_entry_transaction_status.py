from typing import Literal

LedgerEntryTransactionStatus = Literal["archived", "pending", "posted"]

LEDGER_ENTRY_TRANSACTION_STATUS_VALUES: set[LedgerEntryTransactionStatus] = {
    "archived",
    "pending",
    "posted",
}


def check_ledger_entry_transaction_status(value: str) -> LedgerEntryTransactionStatus:
    if value in LEDGER_ENTRY_TRANSACTION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LEDGER_ENTRY_TRANSACTION_STATUS_VALUES!r}"
    )
