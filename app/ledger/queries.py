"""Reading the ledger, and its invariants (`audit`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.pagination import Page, Position, paginate
from app.ledger.models import Balances, LedgerAccount, LedgerEntry, LedgerTransaction


def balances(account: LedgerAccount) -> Balances:
    return account.balances


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


@dataclass(frozen=True)
class Movement:
    """One posted transaction touching the accounts: its source, what it changed on them
    together (credit-normal: credits less debits), and what each other kind of account
    received from it (credits less debits)."""

    transaction_id: str
    source_type: str | None
    change: int
    others: dict[str, int]


@dataclass(frozen=True)
class Flows:
    opening: int  # the accounts' combined credit balance before `start`
    closing: int  # ... before `end`
    movements: list[Movement]


def flows(
    session: Session, account_ids: Iterable[str], start: dt.datetime, end: dt.datetime
) -> Flows:
    """What passed through credit-normal accounts (e.g. an employer's escrow and held) in
    `[start, end)` by the transactions' effective time, posted transactions only: the
    balance on either side and every movement in between, so that
    `closing = opening + sum(m.change)` to the unit."""
    mine = sorted(set(account_ids))
    credit = -_signed()
    posted = LedgerTransaction.status == "posted"

    def balance_before(instant: dt.datetime) -> int:
        total = session.scalar(
            select(func.coalesce(func.sum(credit), 0))
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
            .where(LedgerEntry.account_id.in_(mine), posted)
            .where(LedgerTransaction.effective_at < instant)
        )
        return int(total or 0)

    touched = (
        select(LedgerEntry.transaction_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerEntry.account_id.in_(mine), posted)
        .where(LedgerTransaction.effective_at >= start, LedgerTransaction.effective_at < end)
    )
    rows = session.execute(
        select(
            LedgerTransaction.id,
            LedgerTransaction.source_type,
            LedgerEntry.account_id,
            LedgerAccount.kind,
            credit.label("credit"),
        )
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerTransaction.id.in_(touched))
        .order_by(LedgerTransaction.effective_at, LedgerTransaction.id)
    )
    moves: dict[str, Movement] = {}
    for row in rows:
        move = moves.setdefault(row.id, Movement(row.id, row.source_type, 0, {}))
        if row.account_id in mine:
            moves[row.id] = dataclasses.replace(move, change=move.change + row.credit)
        else:
            move.others[row.kind] = move.others.get(row.kind, 0) + row.credit
    return Flows(balance_before(start), balance_before(end), list(moves.values()))
