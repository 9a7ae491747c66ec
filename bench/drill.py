"""The multi-node drill (issue 18): a provincial 20:00 peak replayed against gigkit's engines
run as separate processes on this machine, with an API node and a worker killed and
PostgreSQL restarted mid-run, then checked end to end.

    make drill [SIZE=ci|provincial|national]
    .venv/bin/python -m bench.drill [--size provincial] [--out bench/results/drill.txt]

The cluster (bench/cluster.py): PostgreSQL of its own, Redis, PgBouncer (transaction mode),
2 API nodes (gunicorn, deploy/gunicorn.conf.py) behind haproxy, and 3 `gigkit worker`s.
One test-mode tenant (a province's market operator) with funded employers and a webhook
endpoint on a loopback receiver that verifies every signature (bench/drill_load.py).

Phases:
1. **setup**: the shifts (a worker, an engagement, a clock-in each; in-process through
   the services, bench/settle_setup.py), not part of the peak;
2. **peak**: the clock-outs, over HTTP through the load balancer: batches of up to 1,000
   (`POST /v1/clock-out-batches`, 202) from a few clients, and single clock-outs
   (`POST /v1/shifts/{id}/clock-out`) from others, at once. Every request is retried
   with its Idempotency-Key until it gets a final answer (not a 5xx, no dropped
   connection), as an integrator should. Meanwhile: api-2 is SIGKILLed and started again,
   then a money worker, then PostgreSQL is restarted (fast shutdown);
3. **drain**: until every batch is completed, every payout paid and every webhook received.

End checks (any failure: exit 1): every shift settled, once (one escrow release, one
payslip and one payout each, paid, for the payslip's net); the ledger balanced
(`ledger.audit`); every batch completed with no failed item; every event of the endpoint's
types received by the receiver, with a valid signature, and its delivery `succeeded`; no 5xx
or dropped connection outside a fault's window (from the fault until the part is back, plus
WINDOW_GRACE). Printed: the rate and p50/p99 of each phase, the settlement and webhook lags,
and the national extrapolation (240,000 clock-outs) from the measured rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import queue
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import settle_setup as setup
from bench.cluster import Cluster, database_answers, node_up, wait_until
from bench.drill_checks import check, engine_of, lags
from bench.drill_load import Attempts, Client, Receiver

WINDOW_GRACE = 3.0  # seconds a fault's window lasts after the part is back
NATIONAL = 240_000
TARGET_MINUTES = 10
EVENT_TYPES = ["payout.paid", "payout.failed", "clock_out_batch.completed"]


@dataclass(frozen=True)
class Size:
    employers: int
    batched: int  # clock-outs sent in batches
    single: int  # clock-outs sent one by one
    batch_size: int
    faults_at: tuple[float, float, float]  # seconds into the peak: api node, worker, postgres
    drain_timeout: float


SIZES = {
    "ci": Size(10, 600, 120, 300, (2, 5, 9), 600),
    "provincial": Size(200, 24_000, 2_000, 1_000, (10, 30, 60), 1800),
    "national": Size(2_000, 240_000, 2_000, 1_000, (30, 90, 180), 7200),
}
BATCH_CLIENTS, SINGLE_CLIENTS = 4, 8


@dataclass
class Fault:
    name: str
    started: float = 0.0  # time.time()
    back: float = 0.0
    down_for: float = 0.0
    during: str = ""  # what was under way when it struck: "the peak", "settling"

    @property
    def window(self) -> tuple[float, float]:
        return self.started, self.back + WINDOW_GRACE


@dataclass
class Run:
    size: Size
    tenant: str = ""
    shifts: list[str] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)
    setup_seconds: float = 0.0
    peak_started: float = 0.0
    peak_seconds: float = 0.0
    drain_seconds: float = 0.0
    accept: list[float] = field(default_factory=list)  # seconds per batch, retries included
    single: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # final answers that were not a success
    faults: list[Fault] = field(default_factory=list)
    attempts: Attempts = field(default_factory=Attempts)
    clients: list[threading.Thread] = field(default_factory=list)


def run(size_name: str, home: Path, out: Callable[[str], None] = print) -> tuple[bool, list[str]]:
    """Run the drill at `size_name`; (all checks passed, the report's lines)."""
    size = SIZES[size_name]
    drill = Run(size)
    cluster = Cluster(home)
    receiver = Receiver()
    try:
        out(f"drill {size_name}: starting the cluster in {home}")
        cluster.start()
        started = time.monotonic()
        api_key, secret, employers = _tenant(cluster, drill, receiver.url)
        drill.shifts = _shifts(cluster, drill, employers)
        drill.setup_seconds = time.monotonic() - started
        out(f"setup: {len(drill.shifts):,} shifts in {drill.setup_seconds:.0f} s")
        cluster.start_app()
        receiver.start(secret)
        _peak(cluster, drill, api_key, out)
        _drain(cluster, drill, receiver, out)
        failures = check(cluster, drill, receiver)
        lines = report(size_name, drill, receiver, lags(cluster, drill), failures)
        for line in lines:
            out(line)
        return not failures, lines
    finally:
        try:
            receiver.stop()
        finally:
            cluster.close()


def _tenant(cluster: Cluster, drill: Run, hook_url: str) -> tuple[str, str, list[str]]:
    """A test-mode tenant with funded employers and the webhook endpoint (in-process)."""
    from bench.http import _setup_gigkit

    env = _direct_env(cluster)
    key, employers = _setup_gigkit(env, drill.size.employers, mode="test")
    app = setup.open_app(env)
    try:
        from tests.helpers import ApiClient

        api = ApiClient(app.test_client(), key)
        made = api.post("/v1/webhook-endpoints", {"url": hook_url, "event_types": EVENT_TYPES})
        assert made.status_code == 201, made.json
        drill.tenant = setup.tenant_id(env)
        return key, made.json["secret"], employers
    finally:
        app.extensions["gigkit"].database.dispose()


def _shifts(cluster: Cluster, drill: Run, employers: list[str]) -> list[str]:
    env = _direct_env(cluster)
    n = drill.size.batched + drill.size.single
    made = setup.make_shifts(env, drill.tenant, employers, n, procs=2)
    setup.analyze(cluster.postgres.admin_url, env)
    return [shift for shift, _worker in made]


def _direct_env(cluster: Cluster) -> dict[str, str]:
    """The cluster's environment, straight to PostgreSQL (set-up runs in-process)."""
    return {**cluster.env, "DATABASE_URL": cluster.direct_url, "GIGKIT_DATABASE_POOLER": ""}


def _peak(cluster: Cluster, drill: Run, key: str, out: Callable[[str], None]) -> None:
    size = drill.size
    batched, single = drill.shifts[: size.batched], drill.shifts[size.batched :]
    batches: queue.Queue[tuple[str, Any]] = queue.Queue()
    for start in range(0, len(batched), size.batch_size):
        items = [{"shift_id": s} for s in batched[start : start + size.batch_size]]
        batches.put(("/v1/clock-out-batches", {"clock_outs": items}))
    singles: queue.Queue[tuple[str, Any]] = queue.Queue()
    for shift in single:
        singles.put((f"/v1/shifts/{shift}/clock-out", {}))
    lock = threading.Lock()

    def client(work: queue.Queue[tuple[str, Any]], expected: int, keep: Any) -> None:
        http = Client(cluster.url, key, drill.attempts)
        while True:
            try:
                path, body = work.get_nowait()
            except queue.Empty:
                return
            status, answer, took = http.until_answered("POST", path, body)
            with lock:
                if status == expected:
                    keep(answer, took)
                else:
                    drill.refused.append(f"{path}: {status} {answer}")

    def accepted(answer: Any, took: float) -> None:
        drill.batches.append(answer["id"])
        drill.accept.append(took)

    threads = [
        threading.Thread(target=client, args=(batches, 202, accepted)) for _ in range(BATCH_CLIENTS)
    ]

    def answered(_answer: Any, took: float) -> None:
        drill.single.append(took)

    threads += [
        threading.Thread(target=client, args=(singles, 200, answered))
        for _ in range(SINGLE_CLIENTS)
    ]
    drill.clients = threads
    faults = threading.Thread(target=_faults, args=(cluster, drill, out))
    drill.peak_started = time.time()
    started = time.monotonic()
    for thread in [*threads, faults]:
        thread.start()
    for thread in threads:
        thread.join()
    drill.peak_seconds = time.monotonic() - started
    out(f"peak: every clock-out answered in {drill.peak_seconds:.1f} s")
    faults.join()


def _faults(cluster: Cluster, drill: Run, out: Callable[[str], None]) -> None:
    """At the size's times: SIGKILL api-2 and start it again 2 s later; the same for a money
    worker; restart PostgreSQL. Each fault's window ends when the part answers again."""
    api_at, worker_at, pg_at = drill.size.faults_at
    start = time.monotonic()

    def at(offset: float) -> None:
        time.sleep(max(0.0, start + offset - time.monotonic()))

    def under_way() -> str:
        if any(thread.is_alive() for thread in drill.clients):
            return "the peak"
        return "settling" if _unpaid(cluster, drill) else "nothing"

    def kill_and_start(name: str, back: Callable[[], bool]) -> None:
        fault = Fault(f"SIGKILL {name}", started=time.time(), during=under_way())
        cluster.processes[name].kill()
        time.sleep(2)
        cluster.processes[name].start()
        wait_until(back, f"{name} is back", 120)
        fault.back = time.time()
        fault.down_for = fault.back - fault.started
        drill.faults.append(fault)
        out(f"fault: {fault.name}, back after {fault.down_for:.1f} s")

    at(api_at)
    kill_and_start("api-2", node_up(cluster, "api-2"))
    at(worker_at)
    kill_and_start("worker-money-2", lambda: cluster.processes["worker-money-2"].alive)
    at(pg_at)
    fault = Fault("PostgreSQL restart", started=time.time(), during=under_way())
    cluster.postgres.restart()
    wait_until(database_answers(cluster.pooled_url), "PostgreSQL answers through PgBouncer")
    fault.back = time.time()
    fault.down_for = fault.back - fault.started
    drill.faults.append(fault)
    out(f"fault: {fault.name}, answering again after {fault.down_for:.1f} s")


def _unpaid(cluster: Cluster, drill: Run) -> int:
    """Shifts not yet paid (0 if the database cannot say: it is what the fault is about)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = engine_of(cluster)
    try:
        with engine.connect() as conn:
            paid = conn.execute(
                text("SELECT count(*) FROM payouts WHERE tenant_id = :t AND status = 'paid'"),
                {"t": drill.tenant},
            ).scalar()
        return len(drill.shifts) - int(paid or 0)
    except OperationalError:
        return 0
    finally:
        engine.dispose()


def _drain(cluster: Cluster, drill: Run, receiver: Receiver, out: Callable[[str], None]) -> None:
    """Until every batch is completed, no payout is pending or processing and the receiver
    has every event of its types (or the size's drain timeout: the checks then say what
    is missing)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = engine_of(cluster)
    started = time.monotonic()
    waiting = (
        "SELECT (SELECT count(*) FROM work_clock_out_batches WHERE tenant_id = :t"
        "         AND status <> 'completed')"
        " + (SELECT count(*) FROM payouts WHERE tenant_id = :t"
        "    AND status IN ('pending', 'processing'))"
        " + (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = :t"
        "    AND status <> 'succeeded')"
        " + (SELECT count(*) FROM events WHERE tenant_id = :t AND type = ANY(:types))"
        " - :got"
    )
    try:
        while time.monotonic() - started < drill.size.drain_timeout:
            try:
                with engine.connect() as conn:
                    left = conn.execute(
                        text(waiting),
                        {
                            "t": drill.tenant,
                            "types": EVENT_TYPES,
                            "got": len(receiver.received),
                        },
                    ).scalar()
            except OperationalError as exc:  # the server restarting; printed if it lasts
                if time.monotonic() - started > 30:
                    out(f"drain: cannot read progress ({exc.__class__.__name__}: {exc})")
                time.sleep(1)
                continue
            if left == 0:
                break
            time.sleep(0.5)
    finally:
        engine.dispose()
    drill.drain_seconds = time.monotonic() - started
    out(f"drain: settled, paid and delivered {drill.drain_seconds:.1f} s after the peak")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(values: list[float]) -> str:
    p50, p99 = (_percentile(values, q) * 1000 for q in (0.5, 0.99))
    return f"p50 {p50:,.0f} ms, p99 {p99:,.0f} ms"


def report(
    size_name: str, drill: Run, receiver: Receiver, lag: dict[str, Any], failures: list[str]
) -> list[str]:
    size = drill.size
    total = size.batched + size.single
    settled_in = lag["last_paid"] - drill.peak_started if lag["last_paid"] else float("nan")
    rate = total / settled_in if settled_in else 0.0
    national = NATIONAL / rate / 60 if rate else float("inf")
    lines = [
        f"# gigkit drill, size {size_name} ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        f"{size.employers} employers, {size.batched:,} clock-outs in batches of "
        f"{size.batch_size:,} + {size.single:,} single; 2 API nodes x 2 gunicorn workers, "
        "haproxy, PgBouncer (transaction), PostgreSQL, Redis, 3 workers",
        f"setup     {len(drill.shifts):,} shifts made in {drill.setup_seconds:.0f} s "
        "(not counted below)",
        f"accept    {len(drill.accept)} batches answered 202: {_ms(drill.accept)}",
        f"single    {len(drill.single):,} clock-outs answered 200 "
        f"({len(drill.single) / drill.peak_seconds:.1f}/s over the peak): {_ms(drill.single)}",
        f"peak      every clock-out answered in {drill.peak_seconds:.1f} s",
        f"settled   {lag['settled']:,} shifts; all paid {settled_in:.1f} s after the peak began "
        f"({rate:.1f} clock-outs/s settled and paid)",
        f"lag       clock-out -> paid: {_ms(lag['paid'])}",
        f"webhooks  {len(receiver.received):,} events received "
        f"({sum(receiver.received.values()):,} deliveries), event -> received: "
        f"{_ms(receiver.lag)}",
        f"drain     {drill.drain_seconds:.1f} s after the last clock-out was answered",
    ]
    for fault in drill.faults:
        errors = [a for a in drill.attempts.all if a.status == 0 or a.status >= 500]
        inside = [a for a in errors if fault.window[0] <= a.at <= fault.window[1]]
        lines.append(
            f"fault     {fault.name}: during {fault.during}, back after {fault.down_for:.1f} s, "
            f"{len(inside)} 502/503/dropped answers in its window (all retried)"
        )
    lines += [
        f"national  {NATIONAL:,} clock-outs at this rate: {national:.1f} min "
        f"(aim <= {TARGET_MINUTES} min: {'met' if national <= TARGET_MINUTES else 'NOT met'}); "
        f"{NATIONAL / TARGET_MINUTES / 60:.0f}/s needed, "
        f"{max(1.0, NATIONAL / TARGET_MINUTES / 60 / rate) if rate else float('inf'):.1f}x "
        "this machine's rate",
        f"machine   {_machine()}",
        "checks    " + ("all passed" if not failures else f"{len(failures)} FAILED"),
        *(f"  FAILED: {failure}" for failure in failures),
    ]
    return lines


def _machine() -> str:
    """Cores, memory and load: the drill's numbers mean little without them."""
    import os

    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next((int(line.split()[1]) // 2**20 for line in meminfo if "MemTotal" in line), 0)
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, {memory} GiB, load average {load[0]:.1f} (1 min) "
        f"{load[2]:.1f} (15 min) at the end; every process on this machine"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="provincial")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    # a SIGTERM (kill, a CI timeout) unwinds like an error: the cluster's processes stop
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    home = Path(tempfile.mkdtemp(prefix=f"gigkit-drill-{args.size}-"))
    ok, lines = run(args.size, home)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n")
    if ok:
        import shutil

        shutil.rmtree(home, ignore_errors=True)
    else:
        print(f"logs kept in {home}/logs", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
