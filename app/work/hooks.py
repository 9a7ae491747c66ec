"""Hooks other blocks register into the day of work, each called inside the transaction of
the change (a hook that raises undoes it). The work block imports none of them: the
insurance block registers itself (`app.insurance.hooks`).

- `on_shifts_scheduled(hook, errors=...)`: `hook(session, actor, engagement, shifts)` once an
  engagement is created (with the shifts scheduled with it, possibly none) and whenever
  shifts are added to it; `errors`, the error classes it may raise, are declared by the
  scheduling operations (`SCHEDULING_ERRORS`: the registering block is imported before
  `work.routes`, see `app._register_blocks`).
- `on_shift_ended(hook)`: `hook(session, actor, shift)` once a scheduled shift became
  `no_show` or `cancelled` (its wage hold already given back).
- `on_payslip_items(hook)`: `hook(session, paid) -> {shift_id: [item, ...]}`, `paid` being
  (shift, engagement) pairs, when the shifts' payslips are written: what the employer paid
  for those days besides the wage and the fee (e.g. the day's insurance premium, already
  charged), shown on the payslip for transparency (`employer_items`, `employer_cost`),
  never deducted from the worker.
The clock-in hook is `shifts.on_clock_in`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import AppError

ScheduledHook = Callable[[Session, Actor, Any, Sequence[Any]], None]
ItemsHook = Callable[[Session, Sequence[tuple[Any, Any]]], dict[str, list[dict[str, Any]]]]
_items: list[ItemsHook] = []
EndedHook = Callable[[Session, Actor, Any], None]
_scheduled: list[ScheduledHook] = []
_ended: list[EndedHook] = []
SCHEDULING_ERRORS: list[type[AppError]] = []


def on_shifts_scheduled(
    hook: ScheduledHook, *, errors: Sequence[type[AppError]] = ()
) -> ScheduledHook:
    if hook not in _scheduled:
        _scheduled.append(hook)
    SCHEDULING_ERRORS.extend(e for e in errors if e not in SCHEDULING_ERRORS)
    return hook


def on_shift_ended(hook: EndedHook) -> EndedHook:
    if hook not in _ended:
        _ended.append(hook)
    return hook


def shifts_scheduled(
    session: Session, actor: Actor, engagement: Any, shifts: Sequence[Any]
) -> None:
    for hook in _scheduled:
        hook(session, actor, engagement, shifts)


def shift_ended(session: Session, actor: Actor, shift: Any) -> None:
    for hook in _ended:
        hook(session, actor, shift)


def on_payslip_items(hook: ItemsHook) -> ItemsHook:
    if hook not in _items:
        _items.append(hook)
    return hook


def payslip_items(
    session: Session, paid: Sequence[tuple[Any, Any]]
) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for hook in _items:
        for shift_id, items in hook(session, paid).items():
            found.setdefault(shift_id, []).extend(items)
    return found
