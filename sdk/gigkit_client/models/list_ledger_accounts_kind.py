from typing import Literal

ListLedgerAccountsKind = Literal[
    "employer_escrow",
    "employer_held",
    "insurance_premiums",
    "insurer_settlement",
    "platform_fees",
    "provider_cash",
    "tax_withheld_payable",
    "worker_payable",
]

LIST_LEDGER_ACCOUNTS_KIND_VALUES: set[ListLedgerAccountsKind] = {
    "employer_escrow",
    "employer_held",
    "insurance_premiums",
    "insurer_settlement",
    "platform_fees",
    "provider_cash",
    "tax_withheld_payable",
    "worker_payable",
}


def check_list_ledger_accounts_kind(value: str) -> ListLedgerAccountsKind:
    if value in LIST_LEDGER_ACCOUNTS_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_LEDGER_ACCOUNTS_KIND_VALUES!r}"
    )
