"""The RQ worker class `gigkit worker` runs: RQ's `SimpleWorker` (each job in this process,
on its pooled database connections: forking a work horse per job cost half the API's
throughput in bench/http.py) with a heartbeat while a job runs.

Why the heartbeat: RQ finds a job whose worker died (SIGKILL, OOM, a lost node) by the
expiry of its entry in the started-job registry, and `SimpleWorker` sets that expiry to the
job's whole timeout plus a minute, never renewed: a clock-out chunk (timeout 600 s) of a
killed worker would wait 11 minutes before anyone retried it. Here the entry lives
HEARTBEAT_TTL seconds and a thread renews it every HEARTBEAT_EVERY while the job runs (as
RQ's forking worker does from its parent process), and the workers sweep the registries
every MAINTENANCE_EVERY (RQ: 10 minutes): a dead worker's job is retried within about a
minute. A job that merely runs long keeps its entry, and RQ's job timeout (SIGALRM in the
main thread) still holds. Retrying is safe because every job is idempotent (R-RQ-1).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from rq import SimpleWorker
from rq.worker import WorkerStatus

log = logging.getLogger(__name__)

HEARTBEAT_TTL = 30  # seconds a running job's registry entry outlives its last heartbeat
HEARTBEAT_EVERY = 10.0
MAINTENANCE_EVERY = 15  # seconds between sweeps of the registries (abandoned jobs retried)


class Worker(SimpleWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("maintenance_interval", MAINTENANCE_EVERY)
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
            beat.join()
        self.set_state(WorkerStatus.IDLE)

    def _beat(self, job: Any, done: threading.Event) -> None:
        while not done.wait(HEARTBEAT_EVERY):
            try:
                self.maintain_heartbeats(job)
            except Exception:  # Redis away for a moment: the next beat tries again
                log.warning("heartbeat of job %s failed", job.id, exc_info=True)
