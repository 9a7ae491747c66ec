from typing import Literal

SignerStatus = Literal["declined", "pending", "signed"]

SIGNER_STATUS_VALUES: set[SignerStatus] = {
    "declined",
    "pending",
    "signed",
}


def check_signer_status(value: str) -> SignerStatus:
    if value in SIGNER_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNER_STATUS_VALUES!r}"
    )
