from typing import Literal

PayoutCreateCurrency = Literal[
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

PAYOUT_CREATE_CURRENCY_VALUES: set[PayoutCreateCurrency] = {
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


def check_payout_create_currency(value: str) -> PayoutCreateCurrency:
    if value in PAYOUT_CREATE_CURRENCY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYOUT_CREATE_CURRENCY_VALUES!r}"
    )
