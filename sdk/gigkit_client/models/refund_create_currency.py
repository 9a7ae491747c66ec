from typing import Literal

RefundCreateCurrency = Literal[
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

REFUND_CREATE_CURRENCY_VALUES: set[RefundCreateCurrency] = {
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


def check_refund_create_currency(value: str) -> RefundCreateCurrency:
    if value in REFUND_CREATE_CURRENCY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REFUND_CREATE_CURRENCY_VALUES!r}"
    )
