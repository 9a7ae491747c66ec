from typing import Literal

ListLedgerAccountsCurrency = Literal[
    "AUD",
    "BHD",
    "CAD",
    "CHF",
    "CLP",
    "CNY",
    "EUR",
    "GBP",
    "HKD",
    "IDR",
    "INR",
    "JOD",
    "JPY",
    "KRW",
    "KWD",
    "MOP",
    "MYR",
    "OMR",
    "PHP",
    "SGD",
    "THB",
    "TND",
    "TWD",
    "UGX",
    "USD",
    "VND",
    "XAF",
    "XOF",
]

LIST_LEDGER_ACCOUNTS_CURRENCY_VALUES: set[ListLedgerAccountsCurrency] = {
    "AUD",
    "BHD",
    "CAD",
    "CHF",
    "CLP",
    "CNY",
    "EUR",
    "GBP",
    "HKD",
    "IDR",
    "INR",
    "JOD",
    "JPY",
    "KRW",
    "KWD",
    "MOP",
    "MYR",
    "OMR",
    "PHP",
    "SGD",
    "THB",
    "TND",
    "TWD",
    "UGX",
    "USD",
    "VND",
    "XAF",
    "XOF",
}


def check_list_ledger_accounts_currency(value: str) -> ListLedgerAccountsCurrency:
    if value in LIST_LEDGER_ACCOUNTS_CURRENCY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_LEDGER_ACCOUNTS_CURRENCY_VALUES!r}"
    )
