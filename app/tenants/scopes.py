"""The scopes a credential can hold (API.md). `x:write` implies `x:read`."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "admin": "Manage API keys, OAuth clients, tenant settings; read the audit log.",
    "parties:read": "Read employers and workers.",
    "parties:write": "Create and update employers and workers.",
    "contracts:read": "Read contract templates and contracts.",
    "contracts:write": "Create, send, sign, void contracts.",
    "escrow:read": "Read deposits, holds, balances and the ledger.",
    "escrow:write": "Deposit, hold, release and refund escrow.",
    "payouts:read": "Read payouts.",
    "payouts:write": "Create and retry payouts.",
    "work:read": "Read engagements and shifts.",
    "work:write": "Create engagements and shifts; clock in and out.",
    "insurance:read": "Read insurance products, policies and claims.",
    "insurance:write": "Buy and cancel policies; file and review claims.",
    "payslips:read": "Read payslips and statements.",
    "webhooks:manage": "Manage webhook endpoints; read and redeliver events.",
    "reports:read": "Read anonymised labour-market reports.",
}
ALL_SCOPES = tuple(SCOPES)


def parse(value: str | list[str]) -> list[str]:
    """Space-separated (or a list) -> sorted unique scopes; unknown ones raise ValueError."""
    items = value.split() if isinstance(value, str) else list(value)
    unknown = sorted(set(items) - set(SCOPES))
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    return sorted(set(items), key=ALL_SCOPES.index)


def join(scopes: list[str] | tuple[str, ...]) -> str:
    return " ".join(scopes)
