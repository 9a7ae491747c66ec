"""Posting to the ledger. Every block that moves money calls `post_many()` or `post()` (a
batch of one), and later maybe `settle_pending()` or `reverse()` (`settling.py`).

A batch of any size is written with the same few statements: one SELECT for the
idempotency keys already posted, one INSERT for all the transactions, one INSERT for all
their entries (each an `executemany`, pipelined by psycopg on PostgreSQL: a statement
parsed once, where a multi-row VALUES of thousands of parameters cost more to build and
parse than to run), and one UPDATE per account touched, with the batch's summed deltas. An
account that must not go negative is updated *conditionally* (`... WHERE available after
>= 0`): no row means not enough money, so two requests can never both spend the same
balance, without a read-then-write race. The UPDATEs run in account id order (one pipelined
`executemany` on PostgreSQL), so concurrent batches take their row locks in the same order
and cannot deadlock on them. The check applies to each account's balance after the whole
batch: a batch is all or nothing, so no other transaction ever sees it half applied.

These statements are Core statements, run on the unit of work's connection with the tenant
written explicitly into every row and WHERE (PostgreSQL's row-level security checks it
again). They skip the ORM's per-row work: `bench/ledger.py` compares them with plain SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Table,
    Update,
    bindparam,
    case,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.db import Base
from app.core.ids import new_id
from app.core.money import CURRENCIES, MAX_AMOUNT
from app.core.tenancy import tenant_of
from app.core.time import ensure_utc, now
from app.ledger.errors import CurrencyMismatch, InsufficientBalance, UnbalancedTransaction
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction

Direction = Literal["debit", "credit"]
TOTALS = ("posted_debits", "posted_credits", "pending_debits", "pending_credits")
DELTAS = tuple(f"d_{c}" for c in TOTALS)  # the UPDATE's parameters


@dataclass(frozen=True)
class Line:
    account_id: str
    direction: Direction
    amount: int


@dataclass(frozen=True)
class Posting:
    """One balanced transaction to write. `effective_at`: when the money moved in the
    world (default: now, by the unit of work's clock); `created_at` is always now."""

    lines: Sequence[Line]
    currency: str
    description: str
    status: Literal["posted", "pending"] = "posted"
    idempotency_key: str | None = None
    source: tuple[str, str] | None = None
    reverses_id: str | None = None
    effective_at: dt.datetime | None = None
    insufficient_code: str | None = None  # the error if it overdraws (else post_many's)


def post_many(
    session: Session,
    postings: Iterable[Posting],
    *,
    insufficient_code: str = "insufficient_balance",
) -> list[str]:
    """Write balanced transactions, all or none, and return their ids in order.

    Raises `UnbalancedTransaction` (nothing written) for a posting that does not balance,
    or `InsufficientBalance` if an account would end the batch below zero. The database
    transaction then holds part of the batch, so it must not be committed: let the unit of
    work roll back (the default for any exception), or call `post_many()` inside
    `session.begin_nested()` to catch the refusal and carry on.

    An `idempotency_key` is unique per tenant: a posting whose key was already posted (or
    appears earlier in the batch) returns the first transaction's id and writes nothing.

    The refusal's code is the `insufficient_code` of the first posting that takes from the
    short account (so one batch can carry several blocks' postings, each refused with its
    own error), else `insufficient_code`."""
    postings = list(postings)
    for posting in postings:
        _check_balanced(posting)
    ids, todo = _assign_ids(session, postings)
    if not todo:
        return ids
    deltas = _deltas([postings[i] for i in todo])  # refuses mixed currencies before writing
    tenant_id, at = tenant_of(session), now(session)
    transactions: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for i in todo:
        posting = postings[i]
        transactions.append(_transaction_row(tenant_id, ids[i], posting, at))
        entries.extend(
            {
                "tenant_id": tenant_id,
                "id": new_id("len"),
                "transaction_id": ids[i],
                "account_id": line.account_id,
                "direction": line.direction,
                "amount": line.amount,
                "currency": posting.currency,
                "created_at": at,
            }
            for line in posting.lines
        )
    connection = session.connection()  # Core, the tenant explicit: see the docstring above
    connection.execute(_INSERT_TRANSACTIONS, transactions)  # executemany
    try:
        connection.execute(_INSERT_ENTRIES, entries)
    except IntegrityError as exc:  # the (tenant, account, currency) foreign key
        raise CurrencyMismatch(
            "An entry names an account that does not exist in the transaction's currency."
        ) from exc
    _apply(session, [postings[i] for i in todo], deltas, code=insufficient_code)
    return ids


def post(
    session: Session,
    *,
    lines: Iterable[Line],
    currency: str,
    description: str,
    status: Literal["posted", "pending"] = "posted",
    idempotency_key: str | None = None,
    source: tuple[str, str] | None = None,
    reverses_id: str | None = None,
    effective_at: dt.datetime | None = None,
    insufficient_code: str = "insufficient_balance",
) -> str:
    """Write one balanced transaction and return its id: a batch of one (see `post_many`)."""
    posting = Posting(
        list(lines),
        currency,
        description,
        status,
        idempotency_key,
        source,
        reverses_id,
        effective_at,
    )
    return post_many(session, [posting], insufficient_code=insufficient_code)[0]


def _check_balanced(posting: Posting) -> None:
    if posting.currency not in CURRENCIES:
        raise UnbalancedTransaction(f"Unsupported currency {posting.currency!r}.")
    if posting.status not in ("posted", "pending"):
        raise UnbalancedTransaction("A transaction is posted or pending.")
    lines = posting.lines
    if len(lines) < 2:
        raise UnbalancedTransaction("A transaction needs at least two entries.")
    for line in lines:
        if isinstance(line.amount, bool) or not isinstance(line.amount, int):
            raise UnbalancedTransaction("Amounts are integers in minor units.")
        if not 0 < line.amount <= MAX_AMOUNT or line.direction not in ("debit", "credit"):
            raise UnbalancedTransaction("Each entry needs a positive amount and a direction.")
    debits = sum(line.amount for line in lines if line.direction == "debit")
    if debits * 2 != sum(line.amount for line in lines):
        raise UnbalancedTransaction("Debits and credits must be equal.")


def _assign_ids(session: Session, postings: list[Posting]) -> tuple[list[str], list[int]]:
    """Each posting's transaction id, and the indexes of the postings to write: a posting
    whose idempotency key was posted before, or appears earlier in the batch, gets that
    transaction's id and is not written again."""
    wanted = {p.idempotency_key for p in postings if p.idempotency_key is not None}
    known: dict[str, str] = {}
    if wanted:
        rows = session.execute(
            select(LedgerTransaction.idempotency_key, LedgerTransaction.id).where(
                LedgerTransaction.idempotency_key.in_(wanted)
            )
        )
        known = {row.idempotency_key: row.id for row in rows}
    ids: list[str] = []
    todo: list[int] = []
    for i, posting in enumerate(postings):
        key = posting.idempotency_key
        if key is not None and key in known:
            ids.append(known[key])
            continue
        ids.append(new_id("ltx"))
        todo.append(i)
        if key is not None:
            known[key] = ids[i]
    return ids, todo


def _transaction_row(
    tenant_id: str, txn_id: str, posting: Posting, at: dt.datetime
) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "id": txn_id,
        "status": posting.status,
        "description": posting.description,
        "idempotency_key": posting.idempotency_key,
        "reverses_id": posting.reverses_id,
        "source_type": posting.source[0] if posting.source else None,
        "source_id": posting.source[1] if posting.source else None,
        "effective_at": ensure_utc(posting.effective_at) if posting.effective_at else at,
        "created_at": at,
        "posted_at": at if posting.status == "posted" else None,
        "archived_at": None,
        "metadata": {},
    }


def _deltas(postings: list[Posting]) -> dict[str, dict[str, Any]]:
    """Per account, in id order: the UPDATE's parameters (the four totals' deltas) and the
    currencies the batch books to it."""
    deltas: dict[str, dict[str, Any]] = {}
    for posting in postings:
        prefix = "pending_" if posting.status == "pending" else "posted_"
        for line in posting.lines:
            row = deltas.setdefault(
                line.account_id,
                {"account": line.account_id, "cur": posting.currency} | dict.fromkeys(DELTAS, 0),
            )
            if row["cur"] != posting.currency:
                raise CurrencyMismatch(
                    f"Account {line.account_id} cannot be booked in two currencies."
                )
            row["d_" + prefix + line.direction + "s"] += line.amount
    return dict(sorted(deltas.items()))


def _apply(
    session: Session, postings: list[Posting], deltas: dict[str, dict[str, Any]], *, code: str
) -> None:
    """Add the batch to the accounts' totals, one UPDATE per account in id order; refuse to
    overdraw, or to book an account in a currency it does not hold.

    A few accounts (a single posting): one statement each, stopping at the first refusal.
    Many, on PostgreSQL: all the UPDATEs in one pipelined `executemany`, inside a savepoint
    so that a refusal can be undone and found again one statement at a time."""
    connection, tenant_id = session.connection(), tenant_of(session)
    params = [row | {"t": tenant_id} for row in deltas.values()]
    if len(params) > _PIPELINE_FROM and session.info.get("is_postgres"):
        try:
            with session.begin_nested():  # its SAVEPOINT is sent by session.connection()
                if session.connection().execute(_ADD_TO_TOTALS, params).rowcount == len(params):
                    return
                raise _Refused
        except _Refused:
            pass  # the savepoint is rolled back: find the refused account below
    for done, row in enumerate(params):
        if connection.execute(_ADD_TO_TOTALS, row).rowcount != 1:
            _explain_refusal(session, postings, params[done:], code)


class _Refused(Exception):
    """An account's conditional UPDATE matched no row."""


_PIPELINE_FROM = 8  # accounts


def _add_to_totals(*, guarded: bool = True) -> Update:
    """UPDATE of one account's four totals by their deltas, matching no row if the account
    is in another currency or its available balance would go below zero (built once)."""
    t = _table(LedgerAccount).c
    after: dict[str, ColumnElement[Any]] = {
        c: t[c] + bindparam(f"d_{c}", type_=BigInteger) for c in TOTALS
    }
    available = case(
        (
            t.normal_balance == "credit",
            after["posted_credits"] - after["posted_debits"] - after["pending_debits"],
        ),
        else_=after["posted_debits"] - after["posted_credits"] - after["pending_credits"],
    )
    return (
        update(_table(LedgerAccount))
        .where(
            t.tenant_id == bindparam("t"),
            t.id == bindparam("account"),
            t.currency == bindparam("cur"),
            or_(t.allow_negative.is_(True), available >= 0) if guarded else true(),
        )
        .values({**after, "lock_version": t.lock_version + 1})
    )


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# No RETURNING: a list of rows is one `executemany` (pipelined on PostgreSQL).
_INSERT_TRANSACTIONS = insert(_table(LedgerTransaction))
_INSERT_ENTRIES = insert(_table(LedgerEntry))
_ADD_TO_TOTALS = _add_to_totals()


def _explain_refusal(
    session: Session, postings: list[Posting], unapplied: list[dict[str, Any]], code: str
) -> None:
    """Raise the error for a refused batch. The refused account (`unapplied[0]`) is only the
    first short one in lock (id) order; the balance named is that of the first account, in
    the caller's line order, that the batch would overdraw (a payout's payable, not the
    provider cash it is credited to)."""
    refused = unapplied[0]["account"]
    found = session.scalars(
        select(LedgerAccount)
        .where(LedgerAccount.id.in_([row["account"] for row in unapplied]))
        .execution_options(populate_existing=True)  # not as loaded before this posting
    ).all()
    accounts = {a.id: a for a in found}  # all there, in the batch's currency (foreign key)
    moves = {row["account"]: row for row in unapplied}
    order = dict.fromkeys(line.account_id for p in postings for line in p.lines)
    short = next(
        (accounts[a] for a in order if a in accounts and _overdrawn(accounts[a], moves[a])),
        accounts[refused],
    )
    taking = "debit" if short.normal_balance == "credit" else "credit"
    code = next(
        (
            p.insufficient_code
            for p in postings
            if p.insufficient_code
            and any(x.account_id == short.id and x.direction == taking for x in p.lines)
        ),
        code,
    )
    raise InsufficientBalance.named(code)(
        f"Not enough available balance in the {short.kind} account "
        f"({short.balances.available} {short.currency} minor units)."
    )


def _overdrawn(account: LedgerAccount, move: dict[str, Any]) -> bool:
    """Whether adding `move` (the four deltas) leaves the account below zero."""
    if account.allow_negative:
        return False
    after = {c: getattr(account, c) + move[f"d_{c}"] for c in TOTALS}
    if account.normal_balance == "credit":
        available = after["posted_credits"] - after["posted_debits"] - after["pending_debits"]
    else:
        available = after["posted_debits"] - after["posted_credits"] - after["pending_credits"]
    return available < 0
