from typing import Literal

EngagementCreateCurrency = Literal[
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

ENGAGEMENT_CREATE_CURRENCY_VALUES: set[EngagementCreateCurrency] = {
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


def check_engagement_create_currency(value: str) -> EngagementCreateCurrency:
    if value in ENGAGEMENT_CREATE_CURRENCY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENGAGEMENT_CREATE_CURRENCY_VALUES!r}"
    )
