from typing import Literal

ApiKeyCreateScopesItem = Literal[
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

API_KEY_CREATE_SCOPES_ITEM_VALUES: set[ApiKeyCreateScopesItem] = {
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


def check_api_key_create_scopes_item(value: str) -> ApiKeyCreateScopesItem:
    if value in API_KEY_CREATE_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {API_KEY_CREATE_SCOPES_ITEM_VALUES!r}"
    )
