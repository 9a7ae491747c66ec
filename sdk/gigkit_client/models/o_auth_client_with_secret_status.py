from typing import Literal

OAuthClientWithSecretStatus = Literal["active", "revoked"]

O_AUTH_CLIENT_WITH_SECRET_STATUS_VALUES: set[OAuthClientWithSecretStatus] = {
    "active",
    "revoked",
}


def check_o_auth_client_with_secret_status(value: str) -> OAuthClientWithSecretStatus:
    if value in O_AUTH_CLIENT_WITH_SECRET_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {O_AUTH_CLIENT_WITH_SECRET_STATUS_VALUES!r}"
    )
