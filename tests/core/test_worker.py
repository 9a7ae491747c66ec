"""The worker class of `gigkit worker` (core.worker): a running job's entry in RQ's
started-job registry lives HEARTBEAT_TTL seconds and is renewed while the job runs, so a
long job is never taken for abandoned, and a dead worker's job is found within the TTL
(tests/work/test_clock_out_batch_workers.py kills a real worker and relies on it)."""

from __future__ import annotations

import secrets
import threading
import time

import pytest
from redis import Redis
from rq import Queue
from rq.job import JobStatus
from rq.registry import StartedJobRegistry

from app.core import worker as rq_worker

pytestmark = pytest.mark.redis


def test_a_running_job_keeps_its_registry_entry_alive_past_the_ttl(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 s, not 1: RQ stores an entry's expiry in whole seconds (now + TTL, truncated), so
    # a 1 s entry could lapse between two beats 0.2 s apart
    monkeypatch.setattr(rq_worker, "HEARTBEAT_TTL", 3)
    monkeypatch.setattr(rq_worker, "HEARTBEAT_EVERY", 0.2)
    connection = Redis.from_url(redis_url)
    queue = Queue(f"worker-test-{secrets.token_hex(4)}", connection=connection)
    job = queue.enqueue(time.sleep, 7)
    registry = StartedJobRegistry(queue=queue)
    seen: list[tuple[float, int, float, str]] = []  # (when, entries, expiry, job status)

    def watch() -> None:  # RQ's worker needs the main thread (signals): watch from this one
        deadline = time.monotonic() + 10
        while not registry.get_job_ids() and time.monotonic() < deadline:
            time.sleep(0.05)
        for _ in range(5):  # past the first entry's expiry (3 s), the job still running
            time.sleep(1.0)
            scores = [s for _, s in connection.zrange(registry.key, 0, -1, withscores=True)]
            registry.cleanup()  # what another worker's sweep would do now
            status = job.get_status(refresh=True)
            assert status is not None
            seen.append((time.time(), len(scores), max(scores, default=0.0), status.value))

    watcher = threading.Thread(target=watch)
    watcher.start()
    rq_worker.Worker([queue], connection=connection).work(burst=True)
    watcher.join(20)
    assert [entries for _, entries, _, _ in seen] == [1, 1, 1, 1, 1], seen  # never abandoned
    assert {status for *_, status in seen} == {"started"}, seen
    # each entry within the short TTL (not the job's timeout), and renewed
    assert all(expiry <= when + 3.5 for when, _, expiry, _ in seen), seen
    assert seen[-1][2] > seen[0][2], seen
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    queue.delete(delete_jobs=True)
