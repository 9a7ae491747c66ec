from typing import Literal

SigningKeyStatus = Literal["active", "verify_only"]

SIGNING_KEY_STATUS_VALUES: set[SigningKeyStatus] = {
    "active",
    "verify_only",
}


def check_signing_key_status(value: str) -> SigningKeyStatus:
    if value in SIGNING_KEY_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNING_KEY_STATUS_VALUES!r}"
    )
