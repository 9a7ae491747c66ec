"""Background work: RQ when `REDIS_URL` is set, inline after commit otherwise.

`enqueue(session, fn, *args)` never sends anything while the transaction is open: the job
leaves once the unit of work commits (or, with `always=True`, when it ends either way),
so a job never sees state that was rolled back. Job arguments are ids, not objects
(R-RQ-5); every job must be idempotent because RQ delivers at least once (R-RQ-1).

A job function is a module-level function `fn(app_context_args...)`; the runner opens
its own unit of work bound to the tenant and passes the session:
`def touch_api_key(session, *, key_id, used_at): ...`

- RQ mode: `rq.Queue(<GIGKIT_QUEUE>)`, jobs retried with backoff (`Retry`), consumed by
  `gigkit worker` (an RQ worker with the scheduler, needed for retry intervals and for
  `delay`).
- Inline mode: run in-process right after the commit, in a fresh transaction; a failure is
  logged (the request already succeeded) and not retried. A job enqueued with
  `background=True` (one that waits on the network, such as a webhook delivery) or with a
  `delay` runs on a small thread pool instead, so the request does not wait for it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from app.core.db import after_commit, on_close

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]
# Only functions in these top-level packages are ever run (a queue entry names a function).
ALLOWED_PACKAGES = {"app"}


class JobRunner:
    """Owned by the application: knows the database and, optionally, the queue."""

    def __init__(self, *, database: Any, redis_url: str | None, queue_name: str) -> None:
        self.database = database
        self.queue_name = queue_name
        self.queue = None
        self._pool: ThreadPoolExecutor | None = None
        if redis_url:
            from redis import Redis
            from rq import Queue

            self.queue = Queue(queue_name, connection=Redis.from_url(redis_url))

    def dispatch(
        self,
        fn: JobFunction,
        tenant_id: str | None,
        kwargs: dict[str, Any],
        *,
        delay: float = 0,
        background: bool = False,
    ) -> None:
        path = f"{fn.__module__}:{fn.__qualname__}"
        if self.queue is not None:
            from rq import Retry

            options: dict[str, Any] = {
                "retry": Retry(max=5, interval=[5, 30, 120, 600, 1800]),
                "job_timeout": 120,
                "result_ttl": 600,
            }
            args = ("app.core.jobs.run", path, tenant_id, kwargs)
            if delay > 0:
                self.queue.enqueue_in(dt.timedelta(seconds=delay), *args, **options)
            else:
                self.queue.enqueue(*args, **options)
            return
        if delay > 0:
            timer = threading.Timer(delay, self._submit, (path, tenant_id, kwargs))
            timer.daemon = True
            timer.start()
        elif background:
            self._submit(path, tenant_id, kwargs)
        else:
            self._run_logged(path, tenant_id, kwargs)

    def _submit(self, path: str, tenant_id: str | None, kwargs: dict[str, Any]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gigkit-job")
        self._pool.submit(self._run_logged, path, tenant_id, kwargs)

    def _run_logged(self, path: str, tenant_id: str | None, kwargs: dict[str, Any]) -> None:
        try:
            self.run(path, tenant_id, kwargs)
        except Exception:
            log.exception("inline job %s failed", path)

    def run(self, path: str, tenant_id: str | None, kwargs: dict[str, Any]) -> Any:
        fn = _resolve(path)
        with self.database.unit_of_work(tenant_id=tenant_id) as session:
            return fn(session, **kwargs)


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
    **kwargs: Any,
) -> None:
    """Send `fn(session, **kwargs)` to run after this unit of work commits (`delay` seconds
    later, if given; `background`: never in the request's thread)."""
    tenant_id = session.info.get("tenant_id")
    active = session.info["job_runner"] if "job_runner" in session.info else runner()

    def send() -> None:
        active.dispatch(fn, tenant_id, kwargs, delay=delay, background=background)

    (on_close if always else after_commit)(session, send)


def run(path: str, tenant_id: str | None, kwargs: dict[str, Any]) -> Any:
    """The function RQ executes in the worker."""
    return runner().run(path, tenant_id, kwargs)


def _resolve(path: str) -> JobFunction:
    module_name, _, qualname = path.partition(":")
    if module_name.split(".")[0] not in ALLOWED_PACKAGES:
        raise ValueError(f"refusing to run {path!r}: not a gigkit job")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]
