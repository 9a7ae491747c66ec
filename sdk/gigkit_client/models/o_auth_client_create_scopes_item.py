from typing import Literal

OAuthClientCreateScopesItem = Literal[
    "admin",
    "contracts:read",
    "contracts:write",
    "escrow:read",
    "escrow:write",
    "insurance:read",
    "insurance:write",
    "parties:read",
    "parties:write",
    "payouts:read",
    "payouts:write",
    "payslips:read",
    "reports:read",
    "webhooks:manage",
    "work:read",
    "work:write",
]

O_AUTH_CLIENT_CREATE_SCOPES_ITEM_VALUES: set[OAuthClientCreateScopesItem] = {
    "admin",
    "contracts:read",
    "contracts:write",
    "escrow:read",
    "escrow:write",
    "insurance:read",
    "insurance:write",
    "parties:read",
    "parties:write",
    "payouts:read",
    "payouts:write",
    "payslips:read",
    "reports:read",
    "webhooks:manage",
    "work:read",
    "work:write",
}


def check_o_auth_client_create_scopes_item(value: str) -> OAuthClientCreateScopesItem:
    if value in O_AUTH_CLIENT_CREATE_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {O_AUTH_CLIENT_CREATE_SCOPES_ITEM_VALUES!r}"
    )
