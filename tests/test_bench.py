"""The benchmarks still run (tiny sizes, no timing asserted: speed is measured in bench/)."""

from __future__ import annotations

import pytest

from bench import ledger as ledger_bench
from tests.conftest import Postgres


@pytest.mark.postgres
def test_ledger_bench_posts_both_ways_and_the_ledger_adds_up(postgres: Postgres) -> None:
    result = ledger_bench.run(postgres.app_url, n=5, passes=2, batches=2, batch_size=150)
    assert len(result.passes) == 2 and len(result.batch_passes) == 2
    every = (*result.passes, *result.batch_passes)
    assert all(p.service_per_s > 0 and p.plain_per_s > 0 for p in every)
    assert result.audit == []  # the plain-SQL rows and the service's rows both balance


def test_pdf_bench_renders_every_shape_and_the_old_layout() -> None:
    from bench import pdf as pdf_bench

    result = pdf_bench.run(passes=1, scale=0.02)
    assert [s.name for s in result["shapes"]] == list(pdf_bench.SHAPES)
    assert all(s.small_s > 0 and s.limit_s > 0 for s in result["shapes"])
    assert result["old_s"] > 0 and result["new_s"] > 0


def test_pades_bench_signs_with_both_algorithms() -> None:
    from bench import pades as pades_bench

    rows = pades_bench.run(passes=1, scale=0.02)
    assert [(r[0], r[1]) for r in rows] == [
        ("built-in", "ECDSA P-256"),
        ("built-in", "Ed25519"),
        ("limit", "ECDSA P-256"),
        ("limit", "Ed25519"),
    ]
    assert all(seconds > 0 and size > 0 for _, _, seconds, size in rows)


@pytest.mark.postgres
@pytest.mark.redis
def test_http_bench_loads_both_sides_and_every_request_succeeds(postgres: Postgres) -> None:
    import shutil

    from bench import http as http_bench
    from tests.conftest import PG_ADMIN_URL

    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian: apt-get install wrk; .ci/run installs it)")
    result = http_bench.run(PG_ADMIN_URL, seconds=2, passes=1, employers=3)
    for side in ("gigkit", "minimal"):
        for case in http_bench.CASES:
            [run] = result.runs[(side, case)]
            assert run.rps > 0 and run.failed == 0, (side, case, run)
    assert result.ratio("write") > 0 and result.ratio("read") > 0


@pytest.mark.postgres
@pytest.mark.redis
def test_settle_bench_clocks_out_every_way_and_every_payout_is_paid(postgres: Postgres) -> None:
    import shutil

    from bench import settle as settle_bench
    from tests.conftest import PG_ADMIN_URL

    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian: apt-get install wrk; .ci/run installs it)")
    result = settle_bench.run(
        PG_ADMIN_URL, seconds=1, passes=1, employers=3, bulk=100, batch_size=50, sample=3
    )
    for side in ("gigkit", "minimal"):
        for case in ("single", "hot", "bulk"):
            [run] = result.runs[(side, case)]
            assert run.failed == 0, (side, case, run)
    assert result.paid_ms  # every one should be paid; see bench.settle's docstring, (d)
    assert len(settle_bench.report(result, passes=1, bulk=100)) == 6


@pytest.mark.postgres
@pytest.mark.redis
def test_accept_bench_posts_batches_and_every_request_succeeds(postgres: Postgres) -> None:
    import shutil

    from bench import accept as accept_bench
    from tests.conftest import PG_ADMIN_URL

    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian: apt-get install wrk; .ci/run installs it)")
    result = accept_bench.run(PG_ADMIN_URL, seconds=1, passes=1, items=20)
    for (side, case), case_runs in result.runs.items():
        [run] = case_runs
        assert run.rps > 0 and run.failed == 0, (side, case, run)
    assert set(result.runs) == {("gigkit", "batch"), ("minimal", "ping"), ("minimal", "settle")}
