from typing import Literal

HoldCreateCurrency = Literal[
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

HOLD_CREATE_CURRENCY_VALUES: set[HoldCreateCurrency] = {
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


def check_hold_create_currency(value: str) -> HoldCreateCurrency:
    if value in HOLD_CREATE_CURRENCY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {HOLD_CREATE_CURRENCY_VALUES!r}"
    )
