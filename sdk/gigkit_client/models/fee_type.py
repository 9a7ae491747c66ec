from typing import Literal

FeeType = Literal["fixed", "percent"]

FEE_TYPE_VALUES: set[FeeType] = {
    "fixed",
    "percent",
}


def check_fee_type(value: str) -> FeeType:
    if value in FEE_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FEE_TYPE_VALUES!r}")
