"""The benchmarks still run (tiny sizes, no timing asserted: speed is measured in bench/)."""

from __future__ import annotations

import pytest

from bench import ledger as ledger_bench
from tests.conftest import Postgres


@pytest.mark.postgres
def test_ledger_bench_posts_both_ways_and_the_ledger_adds_up(postgres: Postgres) -> None:
    result = ledger_bench.run(postgres.app_url, n=5, passes=2)
    assert len(result.passes) == 2
    assert all(p.service_per_s > 0 and p.plain_per_s > 0 for p in result.passes)
    assert result.audit == []  # the plain-SQL rows and the service's rows both balance
