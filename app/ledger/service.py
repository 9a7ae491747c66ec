"""Posting to the ledger. Every block that moves money calls `post()` (or `reverse()`).

A transaction is written with three kinds of statement, whatever its size: one INSERT for
the transaction, one multi-row INSERT for the entries, and one UPDATE per account for the
cached totals. An account that must not go negative is debited by a *conditional* UPDATE
(`... WHERE available - amount >= 0`): no row means not enough money, so two requests can
never both spend the same balance, without a read-then-write race or a long row lock
(the debit is the last statement before commit). Accounts are updated in id order, so
concurrent transactions always take their row locks in the same order.

These three statements are Core statements, built once at import and run on the unit of
work's connection, with the tenant written explicitly into every VALUES and WHERE (and
PostgreSQL's row-level security checking it again). They skip the ORM's per-statement
work, which cost more than half of the posting throughput: `bench/ledger.py` compares
`post()` with plain SQL writing the same rows.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Insert,
    Table,
    Update,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.db import Base
from app.core.errors import InvalidState, NotFound
from app.core.ids import new_id
from app.core.money import CURRENCIES, MAX_AMOUNT
from app.core.pagination import Page, Position, paginate
from app.core.tenancy import tenant_of
from app.core.time import utcnow
from app.ledger.errors import CurrencyMismatch, InsufficientBalance, UnbalancedTransaction
from app.ledger.models import Balances, LedgerAccount, LedgerEntry, LedgerTransaction

Direction = Literal["debit", "credit"]
PLATFORM = "platform"

# kind -> (normal balance, owner type, may go negative)
KINDS: dict[str, tuple[str, str, bool]] = {
    "provider_cash": ("debit", "platform", False),  # the money actually held at the provider
    "employer_escrow": ("credit", "employer", False),  # deposited, not yet reserved
    "employer_held": ("credit", "employer", False),  # reserved by holds
    "worker_payable": ("credit", "worker", False),  # earned, not yet paid out
}


@dataclass(frozen=True)
class Line:
    account_id: str
    direction: Direction
    amount: int


def balances(account: LedgerAccount) -> Balances:
    return account.balances


def account(session: Session, *, kind: str, owner_id: str, currency: str) -> LedgerAccount:
    """The account of this kind, owner and currency, created on first use (race-safe)."""
    normal, owner_type, allow_negative = KINDS[kind]
    stmt = select(LedgerAccount).where(
        LedgerAccount.kind == kind,
        LedgerAccount.owner_id == owner_id,
        LedgerAccount.currency == currency,
    )
    found = session.scalars(stmt).one_or_none()
    if found is not None:
        return found
    dialect = postgresql if session.info.get("is_postgres") else sqlite
    session.execute(
        dialect.insert(LedgerAccount)
        .values(
            tenant_id=tenant_of(session),
            id=new_id("lac"),
            kind=kind,
            owner_type=owner_type,
            owner_id=owner_id,
            currency=currency,
            normal_balance=normal,
            allow_negative=allow_negative,
            posted_debits=0,
            posted_credits=0,
            pending_debits=0,
            pending_credits=0,
            lock_version=0,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )
    return session.scalars(stmt).one()


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
    insufficient_code: str = "insufficient_balance",
) -> str:
    """Write one balanced transaction and return its id.

    Raises `InsufficientBalance` if an account would go below zero. The database
    transaction then holds part of the posting, so it must not be committed: let the unit
    of work roll back (the default for any exception), or call `post()` inside
    `session.begin_nested()` to catch the refusal and carry on.

    `idempotency_key` is unique per tenant: posting it again returns the first transaction
    and changes nothing (a retried job cannot post twice)."""
    lines = list(lines)
    _check_balanced(lines, currency)
    if idempotency_key is not None:
        existing = session.scalars(
            select(LedgerTransaction).where(LedgerTransaction.idempotency_key == idempotency_key)
        ).one_or_none()
        if existing is not None:
            return existing.id
    tenant_id, now = tenant_of(session), utcnow()
    txn_id = new_id("ltx")
    connection = session.connection()  # Core, the tenant explicit: see the docstring above
    connection.execute(
        _INSERT_TRANSACTION,
        {
            "tenant_id": tenant_id,
            "id": txn_id,
            "status": status,
            "description": description,
            "idempotency_key": idempotency_key,
            "reverses_id": reverses_id,
            "source_type": source[0] if source else None,
            "source_id": source[1] if source else None,
            "effective_at": now,
            "created_at": now,
            "posted_at": now if status == "posted" else None,
            "archived_at": None,
            "metadata": {},
        },
    )
    entries = [
        {
            "tenant_id": tenant_id,
            "id": new_id("len"),
            "transaction_id": txn_id,
            "account_id": line.account_id,
            "direction": line.direction,
            "amount": line.amount,
            "currency": currency,
            "created_at": now,
        }
        for line in lines
    ]
    connection.execute(  # one multi-row INSERT (executemany would send one per row)
        _insert_entries(len(entries)),
        {f"{column}_{i}": value for i, row in enumerate(entries) for column, value in row.items()},
    )
    _apply(session, lines, currency, pending=status == "pending", code=insufficient_code)
    return txn_id


def settle_pending(
    session: Session, transaction_id: str, *, outcome: Literal["posted", "archived"]
) -> LedgerTransaction:
    """`pending -> posted` (the money moved) or `pending -> archived` (it did not: the
    pending entries stop counting, so what they reserved is available again)."""
    now = utcnow()
    changed = session.execute(
        update(LedgerTransaction)
        .where(LedgerTransaction.id == transaction_id, LedgerTransaction.status == "pending")
        .values(
            status=outcome,
            posted_at=now if outcome == "posted" else None,
            archived_at=now if outcome == "archived" else None,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidState("Only a pending ledger transaction can be posted or archived.")
    txn, entries = get_transaction(session, transaction_id)
    for account_id, debit, credit in _totals_by_account(entries):
        moved = {
            "pending_debits": LedgerAccount.pending_debits - debit,
            "pending_credits": LedgerAccount.pending_credits - credit,
        }
        if outcome == "posted":
            moved |= {
                "posted_debits": LedgerAccount.posted_debits + debit,
                "posted_credits": LedgerAccount.posted_credits + credit,
            }
        session.execute(
            update(LedgerAccount)
            .where(LedgerAccount.id == account_id)
            .values(**moved, lock_version=LedgerAccount.lock_version + 1)
            .execution_options(synchronize_session=False)
        )
    session.refresh(txn)
    return txn


def reverse(
    session: Session,
    transaction_id: str,
    *,
    description: str,
    source: tuple[str, str] | None = None,
) -> str:
    """A posted transaction's mirror image (a correction; entries are never edited). A
    transaction can be reversed at most once (unique `reverses_id`)."""
    txn, entries = get_transaction(session, transaction_id)
    if txn.status != "posted":
        raise InvalidState("Only a posted ledger transaction can be reversed.")
    flipped: dict[str, Direction] = {"debit": "credit", "credit": "debit"}
    return post(
        session,
        lines=[Line(e.account_id, flipped[e.direction], e.amount) for e in entries],  # type: ignore[index]
        currency=entries[0].currency,
        description=description,
        idempotency_key=f"reversal:{txn.id}",
        reverses_id=txn.id,
        source=source,
    )


def _check_balanced(lines: list[Line], currency: str) -> None:
    if currency not in CURRENCIES:
        raise UnbalancedTransaction(f"Unsupported currency {currency!r}.")
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


def _totals_by_account(lines: Iterable[Line | LedgerEntry]) -> list[tuple[str, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        totals[line.account_id][0 if line.direction == "debit" else 1] += line.amount
    return [(account_id, d, c) for account_id, (d, c) in sorted(totals.items())]


def _apply(session: Session, lines: list[Line], currency: str, *, pending: bool, code: str) -> None:
    """Add the lines to the accounts' totals, in id order; refuse to overdraw."""
    connection, tenant_id = session.connection(), tenant_of(session)
    totals = _totals_by_account(lines)
    for done, (account_id, debit, credit) in enumerate(totals):
        result = connection.execute(
            _ADD_PENDING if pending else _ADD_POSTED,
            {
                "t": tenant_id,
                "account": account_id,
                "cur": currency,
                "debit": debit,
                "credit": credit,
            },
        )
        if result.rowcount != 1:
            _explain_refusal(session, lines, totals[done:], currency, code, pending=pending)


def _add_to_totals(debit_col: str, credit_col: str) -> Update:
    """UPDATE of one account's totals by `:debit`/`:credit`, matching no row if the
    account's available balance would go below zero (built once, compiled once)."""
    t = _table(LedgerAccount).c
    debit, credit = bindparam("debit", type_=BigInteger), bindparam("credit", type_=BigInteger)
    after: dict[str, ColumnElement[Any]] = {
        c: t[c] for c in ("posted_debits", "posted_credits", "pending_debits", "pending_credits")
    }
    after[debit_col] = after[debit_col] + debit
    after[credit_col] = after[credit_col] + credit
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
            or_(t.allow_negative.is_(True), available >= 0),
        )
        .values(
            {
                debit_col: after[debit_col],
                credit_col: after[credit_col],
                "lock_version": t.lock_version + 1,
            }
        )
    )


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


_INSERT_TRANSACTION = insert(_table(LedgerTransaction))


@functools.cache
def _insert_entries(rows: int) -> Insert:
    """INSERT of `rows` entries in one statement, parameters `<column>_<row>`."""
    columns = [c.name for c in _table(LedgerEntry).c]
    return insert(_table(LedgerEntry)).values(
        [{c: bindparam(f"{c}_{i}") for c in columns} for i in range(rows)]
    )


_ADD_POSTED = _add_to_totals("posted_debits", "posted_credits")
_ADD_PENDING = _add_to_totals("pending_debits", "pending_credits")


def _explain_refusal(
    session: Session,
    lines: list[Line],
    unapplied: list[tuple[str, int, int]],
    currency: str,
    code: str,
    *,
    pending: bool,
) -> None:
    """Raise the error for a refused posting. The refused account (`unapplied[0]`) is only
    the first short one in lock (id) order; the balance named is that of the first account,
    in the caller's line order, that the posting would overdraw (a payout's payable, not the
    provider cash it is credited to)."""
    refused = unapplied[0][0]
    found = session.scalars(
        select(LedgerAccount)
        .where(LedgerAccount.id.in_([a for a, _d, _c in unapplied]))
        .execution_options(populate_existing=True)  # not as loaded before this posting
    ).all()
    accounts = {a.id: a for a in found}
    if refused not in accounts:
        raise NotFound("No such ledger account.")
    if accounts[refused].currency != currency:
        raise CurrencyMismatch(
            f"Account {refused} holds {accounts[refused].currency}, not {currency}."
        )
    moves = {a: (d, c) for a, d, c in unapplied}
    short = next(
        (
            accounts[line.account_id]
            for line in lines
            if line.account_id in accounts
            and _overdrawn(accounts[line.account_id], *moves[line.account_id], pending=pending)
        ),
        accounts[refused],
    )
    raise InsufficientBalance.named(code)(
        f"Not enough available balance in the {short.kind} account "
        f"({balances(short).available} {currency} minor units)."
    )


def _overdrawn(account: LedgerAccount, debit: int, credit: int, *, pending: bool) -> bool:
    inbound, outbound = (credit, debit) if account.normal_balance == "credit" else (debit, credit)
    after = balances(account).available - outbound + (0 if pending else inbound)
    return not account.allow_negative and after < 0


# --- reading ----------------------------------------------------------------------------------


def get_account(session: Session, account_id: str) -> LedgerAccount:
    found = session.scalars(
        select(LedgerAccount).where(LedgerAccount.id == account_id)
    ).one_or_none()
    if found is None:
        raise NotFound("No such ledger account.")
    return found


def list_accounts(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    kind: str | None = None,
    owner_id: str | None = None,
    currency: str | None = None,
) -> Page[LedgerAccount]:
    stmt = select(LedgerAccount)
    for column, value in (
        (LedgerAccount.kind, kind),
        (LedgerAccount.owner_id, owner_id),
        (LedgerAccount.currency, currency),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return paginate(session, stmt, LedgerAccount, limit=limit, cursor=cursor)


def list_entries(
    session: Session, account_id: str, *, limit: int, cursor: Position | None = None
) -> Page[LedgerEntry]:
    """The account's entries, newest first, each with its transaction's status."""
    get_account(session, account_id)
    stmt = select(LedgerEntry).where(LedgerEntry.account_id == account_id)
    page = paginate(session, stmt, LedgerEntry, limit=limit, cursor=cursor)
    statuses = transaction_statuses(session, {e.transaction_id for e in page.data})
    for entry in page.data:
        entry.transaction_status = statuses[entry.transaction_id]  # type: ignore[attr-defined]
    return page


def get_transaction(
    session: Session, transaction_id: str
) -> tuple[LedgerTransaction, list[LedgerEntry]]:
    txn = session.scalars(
        select(LedgerTransaction).where(LedgerTransaction.id == transaction_id)
    ).one_or_none()
    if txn is None:
        raise NotFound("No such ledger transaction.")
    entries = list(
        session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.transaction_id == transaction_id)
            .order_by(LedgerEntry.id)
        )
    )
    for entry in entries:
        entry.transaction_status = txn.status  # type: ignore[attr-defined]
    return txn, entries


def describe_transaction(session: Session, transaction_id: str) -> LedgerTransaction:
    """The transaction with its entries attached (`.entries`), for display."""
    txn, entries = get_transaction(session, transaction_id)
    txn.entries = entries  # type: ignore[attr-defined]
    return txn


def transaction_statuses(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(LedgerTransaction.id, LedgerTransaction.status).where(
            LedgerTransaction.id.in_(list(ids))
        )
    )
    return {row.id: row.status for row in rows}


# --- the invariants -------------------------------------------------------------------------


def audit(session: Session) -> list[str]:
    """Every way this tenant's ledger could be wrong; an empty list means it is right:
    each transaction balanced, the cached totals equal to the entries, no overdrawn
    account, and all posted money summing to zero per currency."""
    problems: list[str] = []
    signed = func.sum(_signed())
    for txn_id, currency, total in session.execute(
        select(LedgerEntry.transaction_id, LedgerEntry.currency, signed).group_by(
            LedgerEntry.transaction_id, LedgerEntry.currency
        )
    ):
        if total != 0:
            problems.append(f"transaction {txn_id} is unbalanced in {currency} by {total}")
    sums = _entry_sums(session)
    for acct in session.scalars(select(LedgerAccount)):
        cached = (
            acct.posted_debits,
            acct.posted_credits,
            acct.pending_debits,
            acct.pending_credits,
        )
        if sums.get(acct.id, (0, 0, 0, 0)) != cached:
            problems.append(f"account {acct.id} totals {cached} != entries {sums.get(acct.id)}")
        if not acct.allow_negative and balances(acct).available < 0:
            problems.append(f"account {acct.id} is overdrawn")
    posted = select(LedgerEntry.currency, signed).join(
        LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id
    )
    for currency, total in session.execute(
        posted.where(LedgerTransaction.status == "posted").group_by(LedgerEntry.currency)
    ):
        if total != 0:
            problems.append(f"posted {currency} sums to {total}, not 0")
    return problems


def _signed():  # type: ignore[no-untyped-def]
    return case((LedgerEntry.direction == "debit", LedgerEntry.amount), else_=-LedgerEntry.amount)


def _entry_sums(session: Session) -> dict[str, tuple[int, int, int, int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = session.execute(
        select(
            LedgerEntry.account_id,
            LedgerEntry.direction,
            LedgerTransaction.status,
            func.sum(LedgerEntry.amount),
        )
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .group_by(LedgerEntry.account_id, LedgerEntry.direction, LedgerTransaction.status)
    )
    slot = {
        ("posted", "debit"): 0,
        ("posted", "credit"): 1,
        ("pending", "debit"): 2,
        ("pending", "credit"): 3,
    }
    for account_id, direction, status, total in rows:
        if (status, direction) in slot:
            sums[account_id][slot[(status, direction)]] += int(total)
    return {k: (v[0], v[1], v[2], v[3]) for k, v in sums.items()}
