from typing import Literal

OAuthClientStatus = Literal["active", "revoked"]

O_AUTH_CLIENT_STATUS_VALUES: set[OAuthClientStatus] = {
    "active",
    "revoked",
}


def check_o_auth_client_status(value: str) -> OAuthClientStatus:
    if value in O_AUTH_CLIENT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {O_AUTH_CLIENT_STATUS_VALUES!r}"
    )
