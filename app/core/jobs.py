"""Background work: RQ when `REDIS_URL` is set, inline after commit otherwise.

`enqueue(session, fn, **kwargs)` never sends anything while the transaction is open: the
job leaves once the unit of work commits (or, with `always=True`, when it ends either way),
so a job never sees state that was rolled back. Job arguments are ids, not objects
(R-RQ-5); every job must be idempotent because RQ delivers at least once (R-RQ-1).

A job function is a module-level function declared with `@job(queue)`; the runner opens
its own unit of work bound to the tenant and passes the session:

    @jobs.job("housekeeping", coalesce_on=("key_id",))
    def touch(session, *, key_id, used_at): ...

A job that calls the outside world (a provider, a webhook receiver) declares
`outside=True` and gets a `UnitsOfWork` instead: it reads in one unit of work, calls out
with none open, and applies the result in another (see `payouts.jobs.send_payout`):

    @jobs.job("money", outside=True)
    def send_payout(units, *, payout_id):
        with units() as session: ...

- Queues: `money` (payouts), `webhooks` (relay and deliveries), `documents` (PDF
  rendering) and `housekeeping` (bookkeeping such as API-key last-used times). A worker
  serves the queues it is given in that order of priority; a worker given only `money`
  never waits behind anything else (see docs/deploy.md).
- Coalescing: a job declared with `coalesce_on` is queued at most once at a time per
  tenant and value of those arguments (`()`: once per tenant). A marker (`SET NX` with a
  TTL in Redis) is taken on enqueue and dropped when the job starts, so work that arrives
  while the job runs queues one more job; a lost job's marker expires after the TTL, and a
  periodic sweep that finds work waiting enqueues with `coalesce=False` rather than trust
  a marker whose job may be gone. A job declared `drain=True` (the outbox relay) keeps its
  marker while it runs and takes the work that arrives meanwhile (`JobRunner._drain`):
  under load, one job serves a stream of requests.
- RQ mode: jobs retried with backoff (`Retry`), consumed by `gigkit worker` (an RQ worker
  with the scheduler, needed for retry intervals and for `delay`).
- Inline mode: run in-process right after the commit, in a fresh transaction; a failure is
  logged (the request already succeeded) and not retried. A job enqueued with
  `background=True` (one that waits on the network or renders a document) or with a
  `delay` runs on a small thread pool instead, so the request does not wait for it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.db import after_commit, is_transient, on_close
from app.core.time import ensure_utc

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]
F = TypeVar("F", bound=JobFunction)
T = TypeVar("T")
# Only functions in these top-level packages are ever run (a queue entry names a function).
ALLOWED_PACKAGES = {"app"}
# In order of priority: a worker serving several takes from the first non-empty one.
QUEUES = ("money", "webhooks", "documents", "housekeeping")
COALESCE_TTL = 120  # seconds a coalescing marker outlives a job that never started
DRAIN_SECONDS = 2.0  # how long a draining job keeps taking new work before it hands over
DRAIN_PAUSE = 0.05  # seconds between a draining job's turns (work arriving is batched)


@dataclass(frozen=True)
class JobSpec:
    queue: str
    coalesce_on: tuple[str, ...] | None = None
    timeout: int = 120
    outside: bool = False
    drain: bool = False


class UnitsOfWork:
    """What a job declared `outside=True` gets instead of a session: it opens its own units
    of work (bound to the job's tenant), so that it can call the outside world (a payment
    provider, a webhook receiver, a PDF renderer) with no transaction open in between."""

    def __init__(self, database: Any, tenant_id: str | None) -> None:
        self.database = database
        self.tenant_id = tenant_id

    def __call__(self) -> Any:
        return self.database.unit_of_work(tenant_id=self.tenant_id)

    def run(self, fn: Callable[[Session], T], attempts: int = 3) -> T:
        """`fn(session)` in a unit of work, run again in a fresh one after a deadlock or a
        serialization failure (PostgreSQL rolled it back; `fn` must be safe to repeat, as
        applying an outcome under its row lock is). Other errors are raised at once."""
        for attempt in range(1, attempts + 1):
            try:
                with self() as session:
                    return fn(session)
            except OperationalError as exc:
                if attempt == attempts or not is_transient(exc):
                    raise
                log.info("job unit of work retried after %s", getattr(exc.orig, "sqlstate", ""))
        raise AssertionError("unreachable")

    @property
    def settings(self) -> Any:
        return self.database.session_info["settings"]

    def now(self) -> dt.datetime:
        """The clock these units of work read (`core/time.py`), between them."""
        return ensure_utc(self.database.clock.now())

    @classmethod
    def of(cls, session: Session) -> UnitsOfWork:
        """Units of work like `session`'s: same database, same tenant (for the few request
        paths that call the outside world, and for tests calling a job directly)."""
        return cls(session.info["database"], session.info.get("tenant_id"))


def job(
    queue: str,
    *,
    coalesce_on: tuple[str, ...] | None = None,
    timeout: int = 120,
    outside: bool = False,
    drain: bool = False,
) -> Any:
    """Declare a job function: the queue it runs on, whether it coalesces (see above),
    whether it talks to the outside world (`outside=True`: it is called with a
    `UnitsOfWork` instead of a session, `fn(units, **kwargs)`), and whether it drains
    (`drain=True`, coalescing jobs only: see `JobRunner.run`)."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; one of {', '.join(QUEUES)}")
    if drain and (coalesce_on is None or outside):
        raise ValueError("a draining job coalesces and gets a session")

    def declare(fn: F) -> F:
        fn.gigkit_job = JobSpec(queue, coalesce_on, timeout, outside, drain)  # type: ignore[attr-defined]
        return fn

    return declare


def spec_of(fn: JobFunction) -> JobSpec:
    spec = getattr(fn, "gigkit_job", None)
    if not isinstance(spec, JobSpec):
        raise TypeError(f"{fn.__module__}.{fn.__qualname__} is not declared with @jobs.job")
    return spec


def full_queue_name(prefix: str, queue: str) -> str:
    """The RQ queue for one of `QUEUES`, e.g. `gigkit-money` (prefix: `GIGKIT_QUEUE`)."""
    return f"{prefix}-{queue}"


class JobRunner:
    """Owned by the application: knows the database and, optionally, the queues."""

    def __init__(self, *, database: Any, redis_url: str | None, queue_name: str) -> None:
        self.database = database
        self.queue_name = queue_name
        self.queues: dict[str, Any] = {}
        self.connection: Any = None
        self._pool: ThreadPoolExecutor | None = None
        self._pending: set[str] = set()  # inline mode's coalescing markers
        self._lock = threading.Lock()
        if redis_url:
            from redis import Redis
            from rq import Queue

            self.connection = Redis.from_url(redis_url)
            self.queues = {
                kind: Queue(full_queue_name(queue_name, kind), connection=self.connection)
                for kind in QUEUES
            }

    @property
    def uses_redis(self) -> bool:
        return self.connection is not None

    def legacy_queue(self) -> Any:
        """The single queue of earlier versions (`GIGKIT_QUEUE`), drained last by workers so
        that jobs queued before an upgrade still run."""
        from rq import Queue

        return Queue(self.queue_name, connection=self.connection)

    def worker_queues(self, names: tuple[str, ...] = ()) -> list[Any]:
        """What a worker serves, in priority order: the named queues (or all of them), then
        the legacy queue, which is empty once the jobs queued before an upgrade have run."""
        wanted = names or QUEUES
        return [*(self.queues[n] for n in QUEUES if n in wanted), self.legacy_queue()]

    def dispatch(
        self,
        fn: JobFunction,
        tenant_id: str | None,
        kwargs: dict[str, Any],
        *,
        delay: float = 0,
        background: bool = False,
        coalesce: bool = True,
    ) -> None:
        spec = spec_of(fn)
        path = f"{fn.__module__}:{fn.__qualname__}"
        marker = _marker(self.queue_name, spec, path, tenant_id, kwargs) if coalesce else None
        if self.uses_redis:
            from rq import Retry

            if marker and not self.connection.set(marker, "1", nx=True, ex=COALESCE_TTL):
                return  # one is already waiting; it will see this work too
            options: dict[str, Any] = {
                "retry": Retry(max=5, interval=[5, 30, 120, 600, 1800]),
                "job_timeout": spec.timeout,
                "result_ttl": 600,
            }
            args = ("app.core.jobs.run", path, tenant_id, kwargs, marker)
            queue = self.queues[spec.queue]
            try:
                if delay > 0:
                    queue.enqueue_in(dt.timedelta(seconds=delay), *args, **options)
                else:
                    queue.enqueue(*args, **options)
            except Exception:
                if marker:  # nothing was queued: the next caller must be able to queue it
                    self._forget(marker)
                raise
            return
        if marker:
            with self._lock:
                if marker in self._pending:
                    return
                self._pending.add(marker)
        if delay > 0:
            timer = threading.Timer(delay, self._submit, (path, tenant_id, kwargs, marker))
            timer.daemon = True
            timer.start()
        elif background:
            self._submit(path, tenant_id, kwargs, marker)
        else:
            self._run_logged(path, tenant_id, kwargs, marker)

    def _submit(
        self, path: str, tenant_id: str | None, kwargs: dict[str, Any], marker: str | None
    ) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gigkit-job")
        self._pool.submit(self._run_logged, path, tenant_id, kwargs, marker)

    def _run_logged(
        self, path: str, tenant_id: str | None, kwargs: dict[str, Any], marker: str | None
    ) -> None:
        try:
            self.run(path, tenant_id, kwargs, marker)
        except Exception:
            log.exception("inline job %s failed", path)

    def run(
        self, path: str, tenant_id: str | None, kwargs: dict[str, Any], marker: str | None = None
    ) -> Any:
        fn = _resolve(path)
        if marker and spec_of(fn).drain and self.uses_redis:  # (inline: a request waits)
            return self._drain(fn, tenant_id, kwargs, marker)
        if marker:  # from now on, new work needs a new job
            self._forget(marker)
        if spec_of(fn).outside:
            return fn(UnitsOfWork(self.database, tenant_id), **kwargs)
        with self.database.unit_of_work(tenant_id=tenant_id) as session:
            return fn(session, **kwargs)

    def _drain(
        self, fn: JobFunction, tenant_id: str | None, kwargs: dict[str, Any], marker: str
    ) -> int:
        """A draining job keeps its coalescing marker while it runs: it runs `fn` (each time
        in a fresh unit of work) as long as `fn` finds work, at most DRAIN_SECONDS, pausing
        DRAIN_PAUSE between turns so that work arriving meanwhile is taken in batches. Work
        arriving while it runs costs its request one failed `SET NX`, not a job. Then it
        drops the marker and runs `fn` once more: work committed before the marker went is
        seen there, and work committed after it queues a new job. If the budget ran out with
        work still coming, it queues its successor, so other queues get their turn."""
        done, deadline = 0, time.monotonic() + DRAIN_SECONDS
        while True:
            with self.database.unit_of_work(tenant_id=tenant_id) as session:
                found = int(fn(session, **kwargs) or 0)
            done += found
            if not found or time.monotonic() >= deadline:
                break
            time.sleep(DRAIN_PAUSE)
        self._forget(marker)
        with self.database.unit_of_work(tenant_id=tenant_id) as session:
            found = int(fn(session, **kwargs) or 0)
            if found:  # more keeps coming: a successor, behind whatever else waits
                enqueue(session, fn, **kwargs)
        return done + found

    def _forget(self, marker: str) -> None:
        if self.uses_redis:
            try:
                self.connection.delete(marker)
            except Exception:  # Redis away: the marker expires after COALESCE_TTL
                log.warning("could not drop coalescing marker %s", marker)
        else:
            with self._lock:
                self._pending.discard(marker)


def _marker(
    prefix: str, spec: JobSpec, path: str, tenant_id: str | None, kwargs: dict[str, Any]
) -> str | None:
    if spec.coalesce_on is None:
        return None
    values = ":".join(str(kwargs[name]) for name in spec.coalesce_on)
    return f"gigkit:coalesce:{prefix}:{tenant_id or '-'}:{path}:{values}"


_runner: JobRunner | None = None


def configure(runner: JobRunner) -> None:
    global _runner
    _runner = runner


def runner() -> JobRunner:
    if _runner is None:
        raise RuntimeError("jobs are not configured: create the app first")
    return _runner


def enqueue(
    session: Session,
    fn: JobFunction,
    *,
    always: bool = False,
    delay: float = 0,
    background: bool = False,
    coalesce: bool = True,
    **kwargs: Any,
) -> None:
    """Send `fn(session, **kwargs)` to run after this unit of work commits (`delay` seconds
    later, if given; `background`: never in the request's thread; `coalesce=False`: queue
    it even if a coalescing job seems to be waiting)."""
    spec_of(fn)  # fail in the caller, not after the commit
    tenant_id = session.info.get("tenant_id")
    active = session.info["job_runner"] if "job_runner" in session.info else runner()

    def send() -> None:
        active.dispatch(
            fn, tenant_id, kwargs, delay=delay, background=background, coalesce=coalesce
        )

    (on_close if always else after_commit)(session, send)


def run(path: str, tenant_id: str | None, kwargs: dict[str, Any], marker: str | None = None) -> Any:
    """The function RQ executes in the worker."""
    return runner().run(path, tenant_id, kwargs, marker)


def _resolve(path: str) -> JobFunction:
    module_name, _, qualname = path.partition(":")
    if module_name.split(".")[0] not in ALLOWED_PACKAGES:
        raise ValueError(f"refusing to run {path!r}: not a gigkit job")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    if not isinstance(getattr(target, "gigkit_job", None), JobSpec):
        raise ValueError(f"refusing to run {path!r}: not declared with @jobs.job")
    return target  # type: ignore[no-any-return]
