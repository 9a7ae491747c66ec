"""The ledger's service: what other blocks call (`from app.ledger import service as ledger`).

The rules live in four modules: `accounts` (the kinds blocks declare, accounts created on
first use and cached per unit of work), `posting` (`post_many`, `post`), `settling`
(`settle_pending`, `reverse`) and `queries` (reading, and `audit`). This module gathers
their public names.
"""

from __future__ import annotations

from app.ledger.accounts import (
    KINDS,
    PLATFORM,
    PROVIDER_CASH,
    AccountKey,
    Kind,
    account,
    account_id,
    account_ids,
    declare_kind,
    known_account_ids,
    lock_accounts,
)
from app.ledger.errors import InsufficientBalance
from app.ledger.posting import Direction, Line, Posting, post, post_many
from app.ledger.queries import (
    Flows,
    Movement,
    audit,
    balances,
    describe_transaction,
    flows,
    get_account,
    get_transaction,
    list_accounts,
    list_entries,
    transaction_statuses,
)
from app.ledger.settling import reverse, settle_pending, settle_pending_many

__all__ = [
    "KINDS",
    "PLATFORM",
    "PROVIDER_CASH",
    "AccountKey",
    "Direction",
    "Flows",
    "InsufficientBalance",
    "Kind",
    "Line",
    "Movement",
    "Posting",
    "account",
    "account_id",
    "account_ids",
    "audit",
    "balances",
    "declare_kind",
    "describe_transaction",
    "flows",
    "get_account",
    "get_transaction",
    "known_account_ids",
    "list_accounts",
    "list_entries",
    "lock_accounts",
    "post",
    "post_many",
    "reverse",
    "settle_pending",
    "settle_pending_many",
    "transaction_statuses",
]
