from typing import Literal

LedgerTransactionStatus = Literal["archived", "pending", "posted"]

LEDGER_TRANSACTION_STATUS_VALUES: set[LedgerTransactionStatus] = {
    "archived",
    "pending",
    "posted",
}


def check_ledger_transaction_status(value: str) -> LedgerTransactionStatus:
    if value in LEDGER_TRANSACTION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LEDGER_TRANSACTION_STATUS_VALUES!r}"
    )
