"""Releasing holds, in batches: `release_holds` is the primitive, `release_hold` a batch of
one. 1,000 clock-outs are one call: one ordered `SELECT ... FOR UPDATE` locks every hold
(in id order, so two batches never deadlock on them), one query finds the releases already
made for the items' sources, one lookup resolves every ledger account, and one
`ledger.post_many` writes every transaction; the releases are inserted in one statement,
the holds' new amounts and the events flushed together. `prepare_releases` and
`finish_releases` are the two halves around the posting, for a caller that posts the
releases' transactions with its own in one `post_many` (the clock-out's settlement).

A `source` (e.g. `("settlement", stl_...)`) names what a release pays for: unique per tenant
(`escrow_releases`), so running the same batch again returns the releases already made and
pays nothing twice. The holds are locked before the sources are read, so a concurrent run of
the same batch waits, then sees the first run's releases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.core import bulk, events
from app.core.auth import Actor
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.escrow.accounts import WORKER_PAYABLE, employer_keys
from app.escrow.errors import (
    HoldNotActive,
    InsufficientEscrowBalance,
    ReleaseExceedsHold,
    ReleaseSourceConflict,
)
from app.escrow.models import Hold, Release
from app.escrow.schemas import ReleaseSchema
from app.ledger import service as ledger
from app.ledger.service import Line
from app.parties import service as parties

OPEN = ("active", "partially_released")
_release_view = ReleaseSchema()


@dataclass(frozen=True)
class Split:
    """Part of a release credited to another ledger account than the worker's payable (tax
    withheld for the worker, a platform fee): the account of `kind` and `owner_id` in the
    hold's currency."""

    kind: str
    owner_id: str
    amount: int


@dataclass(frozen=True)
class ReleaseItem:
    """Pay `amount` (default: all that remains) of a hold into the worker's payable, less
    the `splits` credited elsewhere. Unless `keep_remainder_held`, the hold is then closed
    and what remains goes back to available. `top_up`: an amount above what remains grows
    the hold by the difference, taken from available escrow (402
    `insufficient_escrow_balance` if there is not enough)."""

    hold_id: str
    worker_id: str
    amount: int | None = None
    keep_remainder_held: bool = False
    source: tuple[str, str] | None = None
    splits: tuple[Split, ...] = ()
    top_up: bool = False


def release_holds(session: Session, *, actor: Actor, items: Sequence[ReleaseItem]) -> list[Release]:
    """Release every item, all or nothing, and return the releases in the items' order (an
    item whose `source` was released before returns that release). Items may share a hold:
    they apply in order. Errors as `release_hold`; 409 `release_source_conflict` if a
    source was released for another hold or worker, or appears twice in the batch."""
    prepared = prepare_releases(session, items=items)
    code = InsufficientEscrowBalance.code
    posted = ledger.post_many(session, prepared.postings, insufficient_code=code)
    return finish_releases(session, actor=actor, prepared=prepared, transactions=posted)


@dataclass
class PreparedReleases:
    """`release_holds` up to its ledger postings, which the caller posts (maybe with others'
    in one `ledger.post_many`) before `finish_releases`: the holds are locked and changed,
    the releases built, nothing else written."""

    items: list[ReleaseItem]
    done: dict[Any, Release]
    releases: list[Release]
    postings: list[ledger.Posting]


def prepare_releases(session: Session, *, items: Sequence[ReleaseItem]) -> PreparedReleases:
    """Lock the holds, check the items and apply them to the holds; the releases to make
    and their postings (each refused with 402 `insufficient_escrow_balance`)."""
    items = list(items)
    sources = [i.source for i in items if i.source is not None]
    if len(set(sources)) != len(sources):
        raise ReleaseSourceConflict("A source appears twice in the batch.")
    if not items:
        return PreparedReleases([], {}, [], [])
    parties.get_workers(session, {i.worker_id for i in items})  # 404 for another tenant's
    holds = lock_open_holds(session, [i.hold_id for i in items], open_only=False)
    done = _released(session, sources)
    for item in items:
        earlier = done.get(item.source)
        if earlier is not None and (earlier.hold_id, earlier.worker_id) != (
            item.hold_id,
            item.worker_id,
        ):
            raise ReleaseSourceConflict(
                f"Source {item.source} was released for another hold or worker."
            )
    todo = [i for i in items if i.source not in done]
    keys = [k for i in todo for k in _keys(holds[i.hold_id], i)]
    accounts = ledger.account_ids(session, keys)
    releases: list[Release] = []
    postings = []
    for item in todo:
        hold = holds[item.hold_id]
        release, lines = _release(hold, item, [accounts[k] for k in _keys(hold, item)])
        releases.append(release)
        postings.append(
            ledger.Posting(
                lines,
                hold.currency,
                f"release of {hold.purpose} hold",
                source=("escrow_release", release.id),
                insufficient_code=InsufficientEscrowBalance.code,
            )
        )
    return PreparedReleases(items, done, releases, postings)


def finish_releases(
    session: Session, *, actor: Actor, prepared: PreparedReleases, transactions: Sequence[str]
) -> list[Release]:
    """Write the prepared releases, their postings' `transactions` posted (one INSERT), and
    their events; the releases in the items' order."""
    releases, done = prepared.releases, prepared.done
    for release, txn in zip(releases, transactions, strict=True):
        release.ledger_transaction_id = txn
    bulk.insert_all(session, releases)
    for release in releases:
        events.record(
            session,
            type="escrow.hold.released",
            data={"object": _release_view.dump(release)},
            request_id=actor.request_id,
        )
    made = iter(releases)
    return [done[i.source] if i.source in done else next(made) for i in prepared.items]


def release_hold(
    session: Session,
    *,
    actor: Actor,
    hold_id: str,
    worker_id: str,
    amount: int | None = None,
    keep_remainder_held: bool = False,
    source: tuple[str, str] | None = None,
) -> Release:
    """Release one hold (a batch of one): 404 for an unknown hold or worker, 409
    `hold_not_active` for a closed hold, 422 `release_exceeds_hold` above what remains."""
    item = ReleaseItem(hold_id, worker_id, amount, keep_remainder_held, source)
    return release_holds(session, actor=actor, items=[item])[0]


def lock_open_holds(
    session: Session, hold_ids: Iterable[str], *, open_only: bool = True
) -> dict[str, Hold]:
    """The holds, row-locked until commit in id order (so concurrent releases and cancels
    queue up and each sees what the previous one left); 404 if one is missing, 409
    `hold_not_active` if one is closed (unless `open_only=False`)."""
    wanted = sorted(set(hold_ids))
    holds = {
        h.id: h
        for h in session.scalars(
            select(Hold)
            .where(Hold.id.in_(wanted))
            .order_by(Hold.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    if len(holds) != len(wanted):
        raise NotFound("No such hold.")
    for hold in holds.values():
        if open_only:
            _check_open(hold)
    return holds


def _check_open(hold: Hold) -> None:
    if hold.status not in OPEN or hold.remaining <= 0:
        raise HoldNotActive(f"This hold is {hold.status}; nothing remains on it.")


def _released(session: Session, sources: list[tuple[str, str]]) -> dict[Any, Release]:
    if not sources:
        return {}
    key = tuple_(Release.source_type, Release.source_id)
    found = session.scalars(select(Release).where(key.in_(sources)))
    return {(r.source_type, r.source_id): r for r in found}


def _keys(hold: Hold, item: ReleaseItem) -> list[ledger.AccountKey]:
    """(escrow, held, the worker's payable, then each split's) account keys."""
    escrow, held, _cash = employer_keys(hold.employer_id, hold.currency)
    splits = [(s.kind, s.owner_id, hold.currency) for s in item.splits]
    return [escrow, held, (WORKER_PAYABLE, item.worker_id, hold.currency), *splits]


def _release(hold: Hold, item: ReleaseItem, accounts: list[str]) -> tuple[Release, list[Line]]:
    """Apply the item to the (locked) hold: the release and its ledger lines."""
    _check_open(hold)
    amount = hold.remaining if item.amount is None else item.amount
    if amount <= 0:
        raise ValidationFailed(
            "A release pays at least 1.", errors=[field_error("amount", "At least 1.")]
        )
    split = sum(s.amount for s in item.splits)
    if any(s.amount <= 0 for s in item.splits) or split > amount:
        raise ValidationFailed(
            "Splits are positive and add up to at most the amount released.",
            errors=[field_error("splits", f"Positive, at most {amount} in all.")],
        )
    top_up = max(0, amount - hold.remaining) if item.top_up else 0
    if amount > hold.remaining + top_up:
        raise ReleaseExceedsHold(
            f"Only {hold.remaining} remains on this hold; cannot release {amount}.",
            errors=[field_error("amount", f"At most {hold.remaining}.")],
        )
    hold.amount += top_up
    returned = 0 if item.keep_remainder_held else hold.remaining - amount
    hold.released_amount += amount
    hold.returned_amount += returned
    hold.status = "partially_released" if hold.remaining else "released"
    escrow, held, payable, *others = accounts
    lines = [
        Line(held, "debit", amount - top_up + returned),
        Line(escrow, "debit", top_up),
        Line(payable, "credit", amount - split),
        *(Line(a, "credit", s.amount) for a, s in zip(others, item.splits, strict=True)),
        Line(escrow, "credit", returned),
    ]
    lines = [line for line in lines if line.amount]
    release = Release(
        id=new_id("rel"),
        hold_id=hold.id,
        worker_id=item.worker_id,
        amount=amount,
        returned_amount=returned,
        currency=hold.currency,
        source_type=item.source[0] if item.source else None,
        source_id=item.source[1] if item.source else None,
    )
    return release, lines
