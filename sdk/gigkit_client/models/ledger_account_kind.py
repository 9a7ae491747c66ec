from typing import Literal

LedgerAccountKind = Literal[
    "employer_escrow", "employer_held", "provider_cash", "worker_payable"
]

LEDGER_ACCOUNT_KIND_VALUES: set[LedgerAccountKind] = {
    "employer_escrow",
    "employer_held",
    "provider_cash",
    "worker_payable",
}


def check_ledger_account_kind(value: str) -> LedgerAccountKind:
    if value in LEDGER_ACCOUNT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LEDGER_ACCOUNT_KIND_VALUES!r}"
    )
