"""The export on PostgreSQL: 100,000 payslips in bounded memory, and the streaming
connection bound by row-level security.

Payslips are inserted in bulk as the owner role (INSERT ... SELECT generate_series, under
the tenant's RLS binding like any writer), then exported over the API as the application
role, reading the body as the server sends it. `GIGKIT_EXPORT_ROWS` makes the run smaller
(CI on a slow machine); 100,000 is the default and takes a few seconds.
"""

from __future__ import annotations

import csv
import gc
import os
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import InternalError

from tests.helpers import ApiClient, database, employer_body, new_tenant, worker_body

pytestmark = pytest.mark.postgres

ROWS = int(os.environ.get("GIGKIT_EXPORT_ROWS", "100000"))
WORKERS = 50
CEILING_MB = 16  # measured: about 6 MiB; the CSV of 100,000 payslips is about 27 MiB
EXPORT = "/v1/payslips/export?from=2027-03-01&to=2027-03-31"

# Payslips `n` = 1..:count of one tenant: ids made of digits (valid Crockford base32),
# paid on the days of March 2027, gross 280.00 to 286.00, 0.00 to 4.00 withheld.
INSERT = """
INSERT INTO payslips (tenant_id, id, shift_id, engagement_id, worker_id, employer_id, day,
    paid_on, currency, gross, withheld, net, employer_cost, pay, deductions, employer_items,
    payout_id, created_at)
SELECT :tenant, :prefix || lpad(n::text, 30 - length(:prefix), '0'),
    'shf_' || lpad(n::text, 26, '0'),
    'eng_' || lpad((n % 97)::text, 26, '0'), (CAST(:workers AS text[]))[1 + n % :k],
    :employer, DATE '2027-03-01' + n % 31, DATE '2027-03-01' + n % 31, 'CNY',
    28000 + (n % 7) * 100, (n % 5) * 100, 28000 + (n % 7) * 100 - (n % 5) * 100,
    28000 + (n % 7) * 100, '{"basis": "daily"}', '[]', '[]', NULL,
    TIMESTAMPTZ '2027-03-01 00:00:00+00' + n * INTERVAL '1 second'
FROM generate_series(1, :count) AS n
"""


def _tenant_with_payslips(app: Any, owner_url: str, count: int, prefix: str) -> str:
    tenant = new_tenant(app)
    api = ApiClient(app.test_client(), tenant.api_key)
    employer = api.post("/v1/employers", employer_body()).json["id"]
    workers = [api.post("/v1/workers", worker_body()).json["id"] for _ in range(WORKERS)]
    owner = create_engine(owner_url)
    try:
        with owner.begin() as conn:
            conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant.id})
            conn.execute(
                text(INSERT),
                {
                    "tenant": tenant.id,
                    "prefix": prefix,
                    "workers": workers,
                    "k": len(workers),
                    "employer": employer,
                    "count": count,
                },
            )
    finally:
        owner.dispose()
    return tenant.api_key


def _rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _minor(value: str) -> int:
    return int(Decimal(value) * 100)


def test_100000_payslips_export_in_bounded_memory(pg_app: Any, postgres: Any) -> None:
    started = time.perf_counter()
    key = _tenant_with_payslips(pg_app, postgres.owner_url, ROWS, "pys_")
    inserted = time.perf_counter()
    client = pg_app.test_client()
    warm = client.get(EXPORT.replace("-31", "-01"), headers={"Authorization": f"Bearer {key}"})
    assert warm.status_code == 200  # imports, caches and pools warmed before the baseline
    gc.collect()
    baseline = peak = _rss()
    resp = client.get(EXPORT, headers={"Authorization": f"Bearer {key}"}, buffered=False)
    assert resp.status_code == 200
    rows = size = gross = withheld = 0
    chunks: Iterator[bytes] = iter(resp.response)
    header = next(chunks)
    size += len(header)
    for chunk in chunks:
        size += len(chunk)
        for row in csv.reader(chunk.decode("utf-8").splitlines()):
            rows += 1
            gross += _minor(row[11])
            withheld += _minor(row[12])
        peak = max(peak, _rss())
    resp.close()
    exported = time.perf_counter()
    growth = peak - baseline
    print(
        f"\n{rows:,} payslips: insert {inserted - started:.1f} s, export "
        f"{exported - inserted:.1f} s, CSV {size / 2**20:.1f} MiB, RSS {baseline / 2**20:.0f} "
        f"MiB before, peak growth {growth / 2**20:.1f} MiB (ceiling {CEILING_MB} MiB)"
    )
    tenant_id = _tenant_of(pg_app, key)
    with database(pg_app).read_only(tenant_id=tenant_id) as reader:
        count, total_gross, total_withheld = reader.execute(
            text("SELECT count(*), sum(gross), sum(withheld) FROM payslips")  # RLS filters
        ).one()
    assert (rows, gross, withheld) == (count, total_gross, total_withheld)
    assert count == ROWS
    assert growth < CEILING_MB * 2**20
    if ROWS >= 100_000:  # a body built in memory would not fit under the ceiling
        assert size > CEILING_MB * 2**20


def _tenant_of(app: Any, key: str) -> str:
    resp = app.test_client().get("/v1/tenant", headers={"Authorization": f"Bearer {key}"})
    assert resp.status_code == 200, resp.json
    return str(resp.json["id"])


def test_the_streaming_reader_is_bound_by_rls_and_read_only(pg_app: Any, postgres: Any) -> None:
    """Raw SQL, past the ORM's tenant filter: RLS alone shows the reader its tenant's rows;
    the reader cannot write."""
    mine = _tenant_with_payslips(pg_app, postgres.owner_url, 3, "pys_1")
    theirs = _tenant_with_payslips(pg_app, postgres.owner_url, 4, "pys_2")
    with database(pg_app).read_only(tenant_id=_tenant_of(pg_app, mine)) as reader:
        ids = reader.execute(text("SELECT id FROM payslips")).scalars().all()
        assert len(ids) == 3 and all(i.startswith("pys_1") for i in ids)
        with pytest.raises(InternalError, match="read-only transaction"):
            reader.execute(text("UPDATE tenants SET name = 'x'"))
    client = pg_app.test_client()
    for key, count, prefix in ((mine, 3, "pys_1"), (theirs, 4, "pys_2")):
        body = client.get(EXPORT, headers={"Authorization": f"Bearer {key}"}).get_data()
        lines = body.decode("utf-8-sig").splitlines()[1:]
        assert len(lines) == count and all(line.startswith(prefix) for line in lines)
