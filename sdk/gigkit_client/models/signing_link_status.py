from typing import Literal

SigningLinkStatus = Literal[
    "active", "contract_closed", "expired", "locked", "revoked", "used"
]

SIGNING_LINK_STATUS_VALUES: set[SigningLinkStatus] = {
    "active",
    "contract_closed",
    "expired",
    "locked",
    "revoked",
    "used",
}


def check_signing_link_status(value: str) -> SigningLinkStatus:
    if value in SIGNING_LINK_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNING_LINK_STATUS_VALUES!r}"
    )
