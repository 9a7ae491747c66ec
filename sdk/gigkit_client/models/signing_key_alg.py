from typing import Literal

SigningKeyAlg = Literal["Ed25519"]

SIGNING_KEY_ALG_VALUES: set[SigningKeyAlg] = {
    "Ed25519",
}


def check_signing_key_alg(value: str) -> SigningKeyAlg:
    if value in SIGNING_KEY_ALG_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNING_KEY_ALG_VALUES!r}"
    )
