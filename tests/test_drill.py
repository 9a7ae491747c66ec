"""The multi-node drill (bench/drill.py) at its reduced size: PostgreSQL of its own, Redis,
PgBouncer, 2 gunicorn nodes behind haproxy and 3 `gigkit worker`s as separate processes;
an API node and a worker SIGKILLed and PostgreSQL restarted during the peak; every end check
(settled once, ledger balanced, payouts = settlements, every webhook delivered, no 5xx
outside a fault's window) must pass. `make drill` runs the provincial size by hand."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from bench import drill
from bench.drill_checks import _errors_outside_windows
from bench.drill_load import Attempt
from tests.conftest import unavailable

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.redis]


def _needs(*programs: str) -> None:
    for program in programs:
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            unavailable(program, "not installed (README: the Debian packages)")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        unavailable("initdb", "PostgreSQL's server programs are not installed")


def test_the_reduced_drill_passes_every_end_check() -> None:
    _needs("haproxy", "pgbouncer", "redis-server")
    said: list[str] = []
    # not pytest's tmp_path: its directories are private to root, and the PostgreSQL server
    # runs as postgres
    home = Path(tempfile.mkdtemp(prefix="gigkit-drill-test-"))
    ok, lines = drill.run("ci", home, out=said.append)
    report = "\n".join(said)
    assert ok, f"{report}\nthe processes' logs: {home}/logs"
    shutil.rmtree(home, ignore_errors=True)
    assert lines[-1] == "checks    all passed" and lines[-2].startswith("machine ")
    faults = [line for line in lines if line.startswith("fault ")]
    assert [line.split(":")[0] for line in faults] == [
        "fault     SIGKILL api-2",
        "fault     SIGKILL worker-money-2",
        "fault     PostgreSQL restart",
    ], report
    # each struck while there was work: the node while clients were sending, the rest while
    # clock-outs were being answered or settled
    assert "during the peak" in faults[0], report
    assert all("during nothing" not in fault for fault in faults), report
    size = drill.SIZES["ci"]
    assert f"settled   {size.batched + size.single:,} shifts" in report


def test_a_5xx_outside_every_fault_window_fails_the_drill() -> None:
    run = drill.Run(drill.SIZES["ci"], peak_started=1000.0)
    run.faults.append(drill.Fault("SIGKILL api-2", started=1010.0, back=1015.0))
    run.attempts.add(Attempt(1012.0, 502, "/v1/shifts/shf_1/clock-out"))  # inside
    run.attempts.add(Attempt(1017.0, 0, "/v1/clock-out-batches"))  # inside the grace
    assert _errors_outside_windows(run) == []
    run.attempts.add(Attempt(1013.0, 500, "/v1/shifts/shf_4/clock-out"))  # a bug, inside
    run.attempts.add(Attempt(1030.0, 503, "/v1/shifts/shf_2/clock-out"))
    run.attempts.add(Attempt(1031.0, 200, "/v1/shifts/shf_3/clock-out"))
    assert _errors_outside_windows(run) == [
        "2 5xx or dropped answers outside the faults' windows, first 500 on "
        "/v1/shifts/shf_4/clock-out at 13.0 s into the peak"
    ]
