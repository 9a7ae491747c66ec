"""The request pipeline's cost: gigkit's money write and authenticated read against minimal
endpoints doing the same writes and reads, in one run.

    .venv/bin/python -m bench.http [--seconds 15] [--passes 2] [--employers 1000]
                                   [--no-worker] [--pg postgresql://postgres@127.0.0.1/test]

Both sides run under gunicorn (sync, 4 workers) on PostgreSQL, loaded by `wrk -t1 -c16`
(Debian's `wrk`), all on this machine:

- **write**: gigkit's `POST /v1/escrow/holds` (authentication, rate limit, Idempotency-Key,
  RLS, a ledger transaction with a conditional debit, the hold, an outbox event, the jobs
  it queues; a `gigkit worker` runs them unless `--no-worker`) against `POST /settle`
  (bench/http_baseline/app.py: two ledger entries, a payout, an event and a conditional
  balance UPDATE, the harness of ../shared/tools/kernel-overhead);
- **read**: gigkit's `GET /v1/employers/{id}` against `GET /employers/{id}` (hash the bearer
  token, read the key row, read the employer).

Each pass runs the four cases, alternating the order; the median over passes of each side's
throughput and p99 gives the ratios printed at the end. The machine is shared and noisy, so
only ratios from one run mean anything (../shared/reference/performance-anchors.md). Aims
(issue 11): write >= 0.4x the minimal endpoint with p99 <= 2.5x, the worker running; read
>= 0.5x. Databases and roles are created for the run and dropped at the end.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.ledger import _fresh_database
from tests.helpers import employer_body

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "http_baseline"
BIN = Path(sys.executable).parent
CASES = ("write", "read")
AIMS = {"write": 0.4, "read": 0.5}
_RESULT = re.compile(r"RESULT rps=([\d.]+) p50=([\d.]+) p99=([\d.]+) non2xx=(\d+) errors=(\d+)")


@dataclass(frozen=True)
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    failed: int


@dataclass
class Result:
    seconds: int
    worker: bool
    runs: dict[tuple[str, str], list[Run]]

    def median(self, side: str, case: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in self.runs[(side, case)])

    def ratio(self, case: str) -> float:
        return self.median("gigkit", case, "rps") / self.median("minimal", case, "rps")

    def p99_ratio(self, case: str) -> float:
        return self.median("gigkit", case, "p99_ms") / self.median("minimal", case, "p99_ms")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def _gigkit_env(app_url: str, port: int, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": app_url,
        "MIGRATIONS_DATABASE_URL": app_url,
        "REDIS_URL": os.environ.get("GIGKIT_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "GIGKIT_QUEUE": f"gigkit-bench-{secrets.token_hex(4)}",
        "GIGKIT_INSTANCE_PATH": str(instance),
        "GIGKIT_SECRET_KEY": _b64(secrets.token_bytes(32)),
        "GIGKIT_ENCRYPTION_KEYS": f"k1:{_b64(secrets.token_bytes(32))}",
        "GIGKIT_BLIND_INDEX_KEY": _b64(secrets.token_bytes(32)),
        "GIGKIT_SIGNING_KEYS": f"s1:{_b64(secrets.token_bytes(32))}",
        "GIGKIT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "GIGKIT_RATE_LIMIT_LIVE": "1000000/second",  # the limiter runs; it never refuses
        "GIGKIT_LOG_LEVEL": "WARNING",
    }


def _setup_gigkit(env: dict[str, str], employers: int, mode: str = "live") -> tuple[str, list[str]]:
    """A tenant (live unless `mode`) with `employers` funded employers, made in-process (jobs
    inline)."""
    from app import create_app
    from app.config import Settings
    from tests.helpers import ApiClient, new_tenant

    settings = Settings.from_env({**env, "REDIS_URL": ""})
    app = create_app(settings)
    try:
        tenant = new_tenant(app, name="bench", mode=mode)
        api = ApiClient(app.test_client(), tenant.api_key)
        ids = []
        for _ in range(employers):
            made = api.post("/v1/employers", json=employer_body())
            assert made.status_code == 201, made.json
            deposit = api.post(
                "/v1/escrow/deposits",
                json={"employer_id": made.json["id"], "amount": 10**12, "currency": "CNY"},
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            assert deposit.status_code == 201 and deposit.json["status"] == "succeeded"
            ids.append(made.json["id"])
        return tenant.api_key, ids
    finally:
        app.extensions["gigkit"].database.dispose()


def _minimal_database(admin_url: str) -> tuple[str, Any]:
    name = f"gigkit_bench_min_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(admin_url).set(database=name)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql((BASELINE / "schema.sql").read_text())
    engine.dispose()

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> Any:
    with log.open("ab") as out:
        return subprocess.Popen(
            args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(process: Any) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_up(url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up; see {log}")


def _wrk(script: str, url: str, seconds: int, env: dict[str, str], connections: int = 16) -> Run:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(BASELINE / script), url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = _RESULT.search(out)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    rps, p50, p99, non2xx, errors = found.groups()
    return Run(float(rps), float(p50), float(p99), int(non2xx) + int(errors))


@dataclass(frozen=True)
class Sides:
    """Both sides up: gigkit (its tenant's key and employers) and the minimal app."""

    home: Path
    env: dict[str, str]
    key: str
    employer_ids: list[str]
    gigkit: str
    minimal: str


@contextmanager
def _sides(admin_url: str, name: str, employers: int, *, worker: bool = True) -> Iterator[Sides]:
    """gigkit on a fresh database (a live tenant, `employers` funded employers) and the
    minimal app, each under gunicorn sync x4, a `gigkit worker` unless not `worker`; all
    stopped and dropped afterwards."""
    if shutil.which("wrk") is None:
        raise RuntimeError(f"bench.{name} needs wrk (Debian: apt-get install wrk)")
    home = Path(tempfile.mkdtemp(prefix=f"gigkit-bench-{name}-"))
    log = home / "processes.log"
    app_url, drop_gigkit = _fresh_database(admin_url)
    min_url, drop_minimal = _minimal_database(admin_url)
    processes: list[Any] = []
    try:
        gk_port, min_port = _free_port(), _free_port()
        env = _gigkit_env(app_url, gk_port, home)
        key, employer_ids = _setup_gigkit(env, employers)
        gunicorn = [str(BIN / "gunicorn"), "-w", "4", "-k", "sync", "--log-level", "warning"]
        processes.append(
            _start([*gunicorn, "-b", f"127.0.0.1:{gk_port}", "app.wsgi:application"], env, log)
        )
        if worker:
            processes.append(_start([str(BIN / "gigkit"), "worker"], env, log))
        min_env = {**os.environ, "MIN_DSN": min_url}
        processes.append(
            _start(
                [*gunicorn, "-b", f"127.0.0.1:{min_port}", "app:app"], min_env, log, cwd=BASELINE
            )
        )
        _wait_up(f"http://127.0.0.1:{gk_port}/healthz", log)
        _wait_up(f"http://127.0.0.1:{min_port}/ping", log)
        yield Sides(
            home,
            env,
            key,
            employer_ids,
            f"http://127.0.0.1:{gk_port}",
            f"http://127.0.0.1:{min_port}",
        )
    finally:
        for process in reversed(processes):
            _stop(process)
        drop_minimal()
        drop_gigkit()
        shutil.rmtree(home, ignore_errors=True)


def run(
    admin_url: str, *, seconds: int, passes: int, employers: int, worker: bool = True
) -> Result:
    with _sides(admin_url, "http", employers, worker=worker) as sides:
        employers_txt = sides.home / "employers.txt"
        employers_txt.write_text("\n".join(sides.employer_ids) + "\n")
        key = sides.key
        load = {
            "gigkit": (
                sides.gigkit,
                {"TARGET": "gigkit", "GK_KEY": key, "EMPLOYERS": str(employers_txt)},
            ),
            "minimal": (sides.minimal, {"TARGET": "minimal"}),
        }
        for url, extra in load.values():  # warm every process and path up, unrecorded
            for case in CASES:
                _wrk(f"{case}.lua", url, min(seconds, 3), {**os.environ, **extra})
        runs: dict[tuple[str, str], list[Run]] = {}
        for number in range(passes):
            sides = ("minimal", "gigkit") if number % 2 == 0 else ("gigkit", "minimal")
            for case in CASES:
                for side in sides:
                    url, extra = load[side]
                    result = _wrk(f"{case}.lua", url, seconds, {**os.environ, **extra})
                    runs.setdefault((side, case), []).append(result)
                    print(
                        f"pass {number + 1} {case:<5} {side:<7} {result.rps:8.0f}/s  "
                        f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms"
                        + (f"  FAILED {result.failed}" if result.failed else ""),
                        flush=True,
                    )
        return Result(seconds, worker, runs)


def _pg_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "GIGKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="an administrator URL; databases are created (and dropped) beside it",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="per case per pass")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--no-worker", action="store_true", help="no `gigkit worker` running")
    _pg_option(parser)
    args = parser.parse_args(argv)
    result = run(
        args.pg,
        seconds=args.seconds,
        passes=args.passes,
        employers=args.employers,
        worker=not args.no_worker,
    )
    print(
        f"\nmedians over {args.passes} passes of {args.seconds} s, wrk -c16, gunicorn sync x4,"
        f" worker {'running' if result.worker else 'not running'}:"
    )
    failed = False
    for case in CASES:
        gk, mn = (result.median(s, case, "rps") for s in ("gigkit", "minimal"))
        gp, mp = (result.median(s, case, "p99_ms") for s in ("gigkit", "minimal"))
        failures = sum(r.failed for runs in result.runs.values() for r in runs)
        failed = failed or failures > 0
        print(
            f"{case:<5}: gigkit {gk:6.0f}/s p99 {gp:6.1f} ms | minimal {mn:6.0f}/s p99 {mp:6.1f} ms"
            f" | ratio {result.ratio(case):.2f} (aim >= {AIMS[case]}),"
            f" p99 x{result.p99_ratio(case):.1f}"
        )
    if failed:
        print("SOME REQUESTS FAILED (non-2xx or socket errors): the figures are not comparable")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
