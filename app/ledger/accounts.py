"""Ledger accounts: the kinds blocks declare, and one account per (kind, owner, currency).

A block declares the kinds of account it books to when it is imported:

    ledger.declare_kind("tax_withheld_payable", normal="credit", owner="platform")

`normal` is the side that makes the account grow (credit: money gigkit owes someone; debit:
money gigkit holds), `owner` the type of its owner (`platform`, `employer`, `worker`...), and
`may_go_negative` (default False) whether it may be overdrawn. Declaring a kind again with
the same definition is allowed (two blocks may book to the same kind); with another
definition it is an error, at import.

Accounts are created on first use. Their ids are cached for the unit of work (the session),
so a batch of 1,000 clock-outs looks each account up once: `account_ids` resolves any number
of (kind, owner, currency) keys with one SELECT and one multi-row INSERT ... RETURNING of the
missing ones (and one SELECT of those a concurrent creator made first, if any). A rollback
(also of a savepoint) empties the cache, since an account created inside it is gone. Ids
seen in committed data are also kept for the process (per database and tenant): an
account's identity never changes and accounts are never deleted, so the next request books
to it without looking it up. Only ids that a unit of work found or created and then
committed go there.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import event, select, text, tuple_
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from app.core.db import after_commit
from app.core.ids import new_id
from app.core.money import CURRENCIES
from app.core.tenancy import tenant_of
from app.core.time import now
from app.ledger.errors import UnbalancedTransaction
from app.ledger.models import LedgerAccount

PLATFORM = "platform"
_NAME = re.compile(r"^[a-z][a-z_]{1,39}$")
_OWNER = re.compile(r"^[a-z][a-z_]{1,19}$")
_CHUNK = 500  # keys per lookup statement (3 parameters each: far below every limit)


@dataclass(frozen=True)
class Kind:
    """A kind of ledger account, as a block declared it."""

    name: str
    normal: Literal["debit", "credit"]
    owner: str
    may_go_negative: bool = False


KINDS: dict[str, Kind] = {}


def declare_kind(
    name: str,
    *,
    normal: Literal["debit", "credit"],
    owner: str,
    may_go_negative: bool = False,
) -> str:
    """Register a kind of account (at import); returns its name."""
    if not _NAME.match(name) or not _OWNER.match(owner) or normal not in ("debit", "credit"):
        raise ValueError(f"bad ledger account kind {name!r} ({normal}, {owner})")
    kind = Kind(name, normal, owner, may_go_negative)
    if KINDS.get(name, kind) != kind:
        raise ValueError(f"ledger account kind {name!r} is already declared as {KINDS[name]}")
    KINDS[name] = kind
    return name


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"undeclared ledger account kind {name!r}: declare_kind() it") from None


# The money at the funding and payout provider: the other side of every deposit and payout.
PROVIDER_CASH = declare_kind("provider_cash", normal="debit", owner=PLATFORM)

AccountKey = tuple[str, str, str]  # (kind, owner id, currency)


def account_ids(session: Session, keys: Iterable[AccountKey]) -> dict[AccountKey, str]:
    """The ids of the accounts with these (kind, owner id, currency) keys, creating the
    missing ones (race-safe: a concurrent creator's row is found, never duplicated)."""
    cache = _cache(session)
    wanted = list(dict.fromkeys(keys))
    for kind, _owner, currency in wanted:
        kind_of(kind)
        if currency not in CURRENCIES:
            raise UnbalancedTransaction(f"Unsupported currency {currency!r}.")
    missing = [k for k in wanted if k not in cache]
    if missing:
        cache.update(_committed_ids(session, missing))
        missing = [k for k in missing if k not in cache]
    if missing:
        found = _find(session, missing)
        created = [k for k in missing if k not in found]
        if created:
            found.update(_create(session, created))
            raced = [k for k in created if k not in found]  # a concurrent creator's
            if raced:
                found.update(_find(session, raced))
        cache.update(found)
        _publish_on_commit(session, found)
    return {k: cache[k] for k in wanted}


def lock_accounts(session: Session, keys: Iterable[AccountKey]) -> dict[AccountKey, str]:
    """The accounts' ids, their rows locked until commit in id order (created if missing).
    For a unit of work that posts several times: postings lock their accounts in id order
    each, so two units that post once and several times could still take the same accounts
    in opposite orders; taking them all first, in the one order, rules that out."""
    found = account_ids(session, keys)
    session.execute(
        select(LedgerAccount.id)
        .where(LedgerAccount.id.in_(sorted(set(found.values()))))
        .order_by(LedgerAccount.id)
        .with_for_update()
    ).all()
    return found


def known_account_ids(session: Session, keys: Iterable[AccountKey]) -> dict[AccountKey, str] | None:
    """The ids of these accounts if all are known to exist without asking the database (made
    or found in this unit of work, or committed as this process has seen); else None."""
    cache = _cache(session)
    wanted = list(dict.fromkeys(keys))
    missing = [k for k in wanted if k not in cache]
    if missing:
        cache.update(_committed_ids(session, missing))
    if any(k not in cache for k in wanted):
        return None
    return {k: cache[k] for k in wanted}


def account_id(session: Session, *, kind: str, owner_id: str, currency: str) -> str:
    """The id of the account of this kind, owner and currency, created on first use."""
    return account_ids(session, [(kind, owner_id, currency)])[(kind, owner_id, currency)]


def account(session: Session, *, kind: str, owner_id: str, currency: str) -> LedgerAccount:
    """The account of this kind, owner and currency, created on first use (race-safe)."""
    found = session.get(
        LedgerAccount,
        (tenant_of(session), account_id(session, kind=kind, owner_id=owner_id, currency=currency)),
    )
    assert found is not None  # accounts are never deleted
    return found


# database -> tenant -> key -> id, of accounts known to exist in committed data
_COMMITTED: weakref.WeakKeyDictionary[Any, dict[str, dict[AccountKey, str]]] = (
    weakref.WeakKeyDictionary()
)
_COMMITTED_LOCK = threading.Lock()
_COMMITTED_MAX = 100_000  # ids per database; beyond, the process cache starts afresh


def _committed_ids(session: Session, keys: list[AccountKey]) -> dict[AccountKey, str]:
    database = session.info.get("database")
    if database is None:
        return {}
    with _COMMITTED_LOCK:
        known = _COMMITTED.get(database, {}).get(tenant_of(session), {})
        return {k: known[k] for k in keys if k in known}


def _publish_on_commit(session: Session, found: dict[AccountKey, str]) -> None:
    """Publish `found` to the process cache once this unit of work commits; a rollback of
    any (sub)transaction before that drops what waits (`_forget_accounts`)."""
    if session.info.get("database") is None or not found:
        return
    waiting = session.info.get("ledger_accounts_publish")
    if waiting is None:
        waiting = session.info["ledger_accounts_publish"] = {}
        database, tenant_id = session.info["database"], tenant_of(session)

        def publish() -> None:
            ids = session.info.pop("ledger_accounts_publish", None)
            if not ids:
                return
            with _COMMITTED_LOCK:
                tenants = _COMMITTED.setdefault(database, {})
                if sum(len(known) for known in tenants.values()) >= _COMMITTED_MAX:
                    tenants.clear()
                tenants.setdefault(tenant_id, {}).update(ids)

        after_commit(session, publish)
    waiting.update(found)


def _cache(session: Session) -> dict[AccountKey, str]:
    caches: dict[str, dict[AccountKey, str]] = session.info.setdefault("ledger_accounts", {})
    return caches.setdefault(tenant_of(session), {})


def _find(session: Session, keys: list[AccountKey]) -> dict[AccountKey, str]:
    found: dict[AccountKey, str] = {}
    key = tuple_(LedgerAccount.kind, LedgerAccount.owner_id, LedgerAccount.currency)
    for start in range(0, len(keys), _CHUNK):
        rows = session.execute(
            select(
                LedgerAccount.kind,
                LedgerAccount.owner_id,
                LedgerAccount.currency,
                LedgerAccount.id,
            ).where(key.in_(keys[start : start + _CHUNK]))
        )
        found.update({(r.kind, r.owner_id, r.currency): r.id for r in rows})
    return found


def _create(session: Session, keys: list[AccountKey]) -> dict[AccountKey, str]:
    """INSERT the accounts, but those a concurrent creator made first; the ids of those
    this one made (RETURNING: no SELECT after). On PostgreSQL one statement of a few array
    parameters, whatever the number (a multi-row VALUES of 500 accounts, 7,000 parameters,
    cost more to build and parse than to run)."""
    tenant_id, created_at = tenant_of(session), now(session)
    if session.info.get("is_postgres"):
        kinds = [KINDS[kind] for kind, _owner, _currency in keys]
        returned = session.execute(
            _CREATE_PG,
            {
                "tenant_id": tenant_id,
                "created_at": created_at,
                "ids": [new_id("lac") for _ in keys],
                "kinds": [kind for kind, _owner, _currency in keys],
                "owner_types": [kind.owner for kind in kinds],
                "owner_ids": [owner for _kind, owner, _currency in keys],
                "currencies": [currency for _kind, _owner, currency in keys],
                "normals": [kind.normal for kind in kinds],
                "negatives": [kind.may_go_negative for kind in kinds],
            },
        )
        return {(r.kind, r.owner_id, r.currency): r.id for r in returned}
    rows = []
    for kind_name, owner_id, currency in keys:
        kind = KINDS[kind_name]
        rows.append(
            {
                "tenant_id": tenant_id,
                "id": new_id("lac"),
                "kind": kind_name,
                "owner_type": kind.owner,
                "owner_id": owner_id,
                "currency": currency,
                "normal_balance": kind.normal,
                "allow_negative": kind.may_go_negative,
                "posted_debits": 0,
                "posted_credits": 0,
                "pending_debits": 0,
                "pending_credits": 0,
                "lock_version": 0,
                "created_at": created_at,
            }
        )
    made: dict[AccountKey, str] = {}
    for start in range(0, len(rows), _CHUNK):
        returned = session.execute(
            sqlite.insert(LedgerAccount)
            .values(rows[start : start + _CHUNK])
            .on_conflict_do_nothing()
            .returning(
                LedgerAccount.kind, LedgerAccount.owner_id, LedgerAccount.currency, LedgerAccount.id
            )
        )
        made.update({(r.kind, r.owner_id, r.currency): r.id for r in returned})
    return made


_CREATE_PG = text(
    "INSERT INTO ledger_accounts (tenant_id, id, kind, owner_type, owner_id, currency,"
    " normal_balance, allow_negative, posted_debits, posted_credits, pending_debits,"
    " pending_credits, lock_version, created_at)"
    " SELECT :tenant_id, u.id, u.kind, u.owner_type, u.owner_id, u.currency,"
    " u.normal_balance, u.allow_negative, 0, 0, 0, 0, 0, :created_at"
    " FROM unnest(CAST(:ids AS text[]), CAST(:kinds AS text[]), CAST(:owner_types AS text[]),"
    " CAST(:owner_ids AS text[]), CAST(:currencies AS text[]), CAST(:normals AS text[]),"
    " CAST(:negatives AS boolean[]))"
    " AS u(id, kind, owner_type, owner_id, currency, normal_balance, allow_negative)"
    " ON CONFLICT DO NOTHING RETURNING kind, owner_id, currency, id"
)


@event.listens_for(Session, "after_soft_rollback")
def _forget_accounts(session: Session, _previous: Any) -> None:
    """An account created inside a rolled-back (sub)transaction no longer exists."""
    session.info.pop("ledger_accounts", None)
    waiting = session.info.get("ledger_accounts_publish")
    if waiting:
        waiting.clear()
