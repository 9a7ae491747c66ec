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
The clock-in hook is `shifts.on_clock_in`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import AppError

ScheduledHook = Callable[[Session, Actor, Any, Sequence[Any]], None]
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
