from typing import Literal

PayTermsBasis = Literal["daily", "hourly", "piece"]

PAY_TERMS_BASIS_VALUES: set[PayTermsBasis] = {
    "daily",
    "hourly",
    "piece",
}


def check_pay_terms_basis(value: str) -> PayTermsBasis:
    if value in PAY_TERMS_BASIS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAY_TERMS_BASIS_VALUES!r}"
    )
