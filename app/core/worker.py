"""The RQ worker class `gigkit worker` runs: RQ's `SimpleWorker` (each job in this process,
on its pooled database connections: forking a work horse per job cost half the API's
throughput in bench/http.py) with a heartbeat while a job runs.

Why the heartbeat: RQ finds a job whose worker died (SIGKILL, OOM, a lost node) by the
expiry of its entry in the started-job registry, and `SimpleWorker` sets that expiry to the
job's whole timeout plus a minute, never renewed: a clock-out chunk (timeout 600 s) of a
killed worker would wait 11 minutes before anyone retried it. Here the entry lives
HEARTBEAT_TTL seconds and a thread renews it every HEARTBEAT_EVERY while the job runs (as
RQ's forking worker does from its parent process), and the workers sweep the registries
every MAINTENANCE_EVERY (RQ: 10 minutes), also when idle (WORKER_TTL: an idle worker waits
for a job at most WORKER_TTL - 15 s before it looks again; RQ: 405 s): a dead worker's job is
retried within about 2 minutes.

The TTL leaves 50 s between beats and expiry: a process paused that long (swapping, a C
call holding the GIL, Redis unreachable for that long) would have its job taken for
abandoned and run a second time beside it. Every job is idempotent and takes its rows'
locks (R-RQ-1), so that costs work, not money. A job past its timeout plus a minute (RQ's
SIGALRM could not stop it) gets no more beats: it is then retried elsewhere, and the error
log says which worker is wedged.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from rq import Queue, SimpleWorker
from rq.worker import WorkerStatus

log = logging.getLogger(__name__)

HEARTBEAT_TTL = 60  # seconds a running job's registry entry outlives its last heartbeat
HEARTBEAT_EVERY = 10.0
MAINTENANCE_EVERY = 15  # seconds between sweeps of the registries (abandoned jobs retried)
WORKER_TTL = 45  # an idle worker looks up from its queues every WORKER_TTL - 15 seconds


class Worker(SimpleWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("maintenance_interval", MAINTENANCE_EVERY)
        kwargs.setdefault("worker_ttl", WORKER_TTL)
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job: Any) -> int:
        return HEARTBEAT_TTL

    def execute_job(self, job: Any, queue: Any) -> None:
        self.prepare_execution(job)
        done = threading.Event()
        beat = threading.Thread(
            target=self._beat, args=(job, done), name="rq-heartbeat", daemon=True
        )
        beat.start()
        try:
            self.perform_job(job, queue)
        finally:
            done.set()
            beat.join(HEARTBEAT_EVERY)  # a beat stuck on a dead socket is left behind
        self.set_state(WorkerStatus.IDLE)

    def _beat(self, job: Any, done: threading.Event) -> None:
        timeout = Queue.DEFAULT_TIMEOUT if job.timeout is None else job.timeout  # -1: none
        last = time.monotonic() + timeout + 60 if timeout > 0 else None
        while not done.wait(HEARTBEAT_EVERY):
            if last is not None and time.monotonic() > last:
                log.error(
                    "job %s outlived its timeout by a minute in worker %s: no more heartbeats, "
                    "it will be retried elsewhere; this worker is wedged",
                    job.id,
                    self.name,
                )
                return
            if self.execution is None:  # the job is being wound up
                return
            try:
                self.maintain_heartbeats(job)
            except Exception:  # Redis away for a moment: the next beat tries again
                log.warning("heartbeat of job %s failed", job.id, exc_info=True)
