"""Periodic work: one registry, run by `gigkit worker`, one task at a time by hand.

A block declares a task beside its jobs (`app/<block>/jobs.py`):

    @schedule.periodic("contracts.expire", every=60)
    def expire(session) -> int: ...                 # per tenant, in a unit of work bound to it

    @schedule.periodic("payouts.reconcile", every=60, outside=True)
    def reconcile(units) -> int: ...                # per tenant; opens its own units of work

`every` is seconds, or the name of a setting holding them. Per-tenant tasks (the default)
run once for every tenant, each in its own unit of work(s), so one tenant's failure does not
stop the others; `per_tenant=False` tasks get the database. A task returns how many things
it did (for the log and the CLI). Every task is a catch-up sweep: it handles everything that
fell due up to the clock's now, so one run covers any span of time, however long, and
running it twice is harmless.

Who runs them:
- `gigkit worker` runs a scheduler thread (`Scheduler.start`): each second, each task whose
  period has passed runs, if this worker wins its lease (Redis `SET NX` with the period as
  TTL, so that with several workers each task runs about once per period, not once per
  worker). Without Redis (the embedded `gigkit run`) the lease is this process's.
- `gigkit maintenance run NAME [--tenant ID]` runs one task now (cron, or by hand);
  `gigkit maintenance list` lists them. The older commands (`reconcile`, `contracts`,
  `webhooks`, `purge`) remain as aliases for their tasks.
- `run_due(database, tenant_id, until=...)`: every per-tenant task for one tenant, once the
  tenant's clock has reached `until` (for test clocks: advance the clock, then run what fell
  due).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.core.time import ensure_utc, now

log = logging.getLogger(__name__)

TaskFunction = Callable[..., int | None]
LEASE_PREFIX = "gigkit:schedule"


@dataclass(frozen=True)
class Task:
    name: str
    fn: TaskFunction
    every: float | str
    per_tenant: bool = True
    outside: bool = False

    def period(self, settings: Any) -> float:
        if isinstance(self.every, str):
            return float(getattr(settings, self.every))
        return float(self.every)


_TASKS: dict[str, Task] = {}


def periodic(
    name: str, *, every: float | str, per_tenant: bool = True, outside: bool = False
) -> Callable[[TaskFunction], TaskFunction]:
    """Register `fn` as the periodic task `name` (see the module docstring)."""

    def register(fn: TaskFunction) -> TaskFunction:
        existing = _TASKS.get(name)
        if existing is not None and _where(existing.fn) != _where(fn):  # (a reload is fine)
            raise ValueError(f"periodic task {name!r} is declared twice")
        _TASKS[name] = Task(name, fn, every, per_tenant, outside)
        return fn

    return register


def _where(fn: TaskFunction) -> tuple[str, str]:
    return fn.__module__, fn.__qualname__


def tasks() -> list[Task]:
    return [_TASKS[name] for name in sorted(_TASKS)]


def get(name: str) -> Task:
    try:
        return _TASKS[name]
    except KeyError:
        known = ", ".join(sorted(_TASKS)) or "none"
        raise KeyError(f"no periodic task {name!r} (known: {known})") from None


def tenant_ids(database: Any) -> list[str]:
    with database.unit_of_work() as session:
        return list(session.scalars(text("SELECT id FROM tenants ORDER BY id")))


def run(database: Any, task: Task, *, tenant_id: str | None = None) -> int:
    """Run `task` now: for one tenant, or for every tenant (or once, if not per tenant).
    A tenant whose run fails is logged and skipped; the others still run. Returns the
    number of things done."""
    if not task.per_tenant:
        return int(task.fn(database) or 0)
    from app.core.jobs import UnitsOfWork  # jobs imports db; keep this module light

    done = 0
    for tenant in [tenant_id] if tenant_id else tenant_ids(database):
        try:
            if task.outside:
                done += int(task.fn(UnitsOfWork(database, tenant)) or 0)
            else:
                with database.unit_of_work(tenant_id=tenant) as session:
                    done += int(task.fn(session) or 0)
        except Exception:
            if tenant_id:  # one tenant asked for by name: its failure is the answer
                raise
            log.exception("periodic task %s failed for tenant %s", task.name, tenant)
    return done


def run_due(database: Any, tenant_id: str, *, until: Any = None) -> list[str]:
    """Run every per-tenant task for `tenant_id` once its clock has reached `until` (all
    tasks are catch-up sweeps: one run handles whatever fell due in between). Returns the
    names of the tasks run."""
    if until is not None:
        with database.unit_of_work(tenant_id=tenant_id) as session:
            current = now(session)
        if current < ensure_utc(until):
            raise ValueError(f"the clock is at {current.isoformat()}, before {until}")
    ran = []
    for task in tasks():
        if task.per_tenant:
            run(database, task, tenant_id=tenant_id)
            ran.append(task.name)
    return ran


class Scheduler:
    """Runs the registered tasks on their periods in a daemon thread (`gigkit worker`, and
    `gigkit run` in the embedded mode)."""

    def __init__(
        self,
        database: Any,
        settings: Any,
        *,
        redis: Any = None,
        prefix: str = "gigkit",
        names: tuple[str, ...] = (),
        resolution: float = 1.0,
    ) -> None:
        self.database = database
        self.settings = settings
        self.redis = redis
        self.prefix = prefix
        self.names = names
        self.resolution = resolution
        self._next: dict[str, float] = {}
        self._stop = threading.Event()

    def selected(self) -> list[Task]:
        return [t for t in tasks() if not self.names or t.name in self.names]

    def run_pending(self, at: float | None = None) -> list[str]:
        """Run, once, every task whose period has passed at `at` (`time.monotonic()`) and
        whose lease this process won."""
        current = time.monotonic() if at is None else at
        ran = []
        for task in self.selected():
            period = task.period(self.settings)
            if current < self._next.get(task.name, float("-inf")):
                continue
            self._next[task.name] = current + period
            if not self._lease(task, period):
                continue  # another worker has it this period
            try:
                run(self.database, task)
                ran.append(task.name)
            except Exception:  # the database or Redis away: next period
                log.exception("periodic task %s failed", task.name)
        return ran

    def _lease(self, task: Task, period: float) -> bool:
        if self.redis is None:
            return True
        try:
            ttl_ms = max(1, int(period * 1000) - 100)  # free again just before the next turn
            return bool(
                self.redis.set(f"{LEASE_PREFIX}:{self.prefix}:{task.name}", "1", nx=True, px=ttl_ms)
            )
        except Exception:  # Redis away: run it here rather than not at all
            log.warning("schedule lease for %s unavailable; running it here", task.name)
            return True

    def start(self) -> threading.Event:
        """Start the thread; set the returned event to stop it."""

        def loop() -> None:
            while not self._stop.wait(self.resolution):
                self.run_pending()

        threading.Thread(target=loop, name="gigkit-scheduler", daemon=True).start()
        return self._stop
