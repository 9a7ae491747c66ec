from typing import Literal

SigningLinkIssuedStatus = Literal[
    "active", "contract_closed", "expired", "locked", "revoked", "used"
]

SIGNING_LINK_ISSUED_STATUS_VALUES: set[SigningLinkIssuedStatus] = {
    "active",
    "contract_closed",
    "expired",
    "locked",
    "revoked",
    "used",
}


def check_signing_link_issued_status(value: str) -> SigningLinkIssuedStatus:
    if value in SIGNING_LINK_ISSUED_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNING_LINK_ISSUED_STATUS_VALUES!r}"
    )
