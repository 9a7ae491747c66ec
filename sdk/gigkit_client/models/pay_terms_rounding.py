from typing import Literal

PayTermsRounding = Literal[
    "half_hour_started", "minute_started", "quarter_hour_started"
]

PAY_TERMS_ROUNDING_VALUES: set[PayTermsRounding] = {
    "half_hour_started",
    "minute_started",
    "quarter_hour_started",
}


def check_pay_terms_rounding(value: str) -> PayTermsRounding:
    if value in PAY_TERMS_ROUNDING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAY_TERMS_ROUNDING_VALUES!r}"
    )
