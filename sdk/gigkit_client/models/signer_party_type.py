from typing import Literal

SignerPartyType = Literal["employer", "worker"]

SIGNER_PARTY_TYPE_VALUES: set[SignerPartyType] = {
    "employer",
    "worker",
}


def check_signer_party_type(value: str) -> SignerPartyType:
    if value in SIGNER_PARTY_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNER_PARTY_TYPE_VALUES!r}"
    )
