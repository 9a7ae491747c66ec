"""Ledger posting throughput: `ledger.service.post` and `post_many` against plain SQL writing
the same rows.

    .venv/bin/python -m bench.ledger [--n 2000] [--batches 5] [--batch-size 1000] [--passes 3]
                                     [--pg postgresql://postgres@127.0.0.1/test]

Each side commits N two-entry transactions, one database transaction each, on PostgreSQL
as the application role (RLS on, the deferred balance trigger on, `synchronous_commit`
as the server has it):

- **service**: a unit of work bound to the tenant, then `ledger.service.post()` (checks,
  one INSERT for the transaction, one multi-row INSERT for the entries, one conditional
  UPDATE per account), commit;
- **plain SQL**: psycopg, no ORM: `set_config` for RLS, the same INSERTs, one plain UPDATE
  per account (no overdraft guard), commit.

The batch case: each side commits `--batches` database transactions of `--batch-size`
two-entry postings (a day of clock-outs: provider cash to 100 employers' escrow accounts):

- **service**: a unit of work, `ledger.service.post_many()` (one INSERT of the
  transactions, one of the entries, one conditional UPDATE per account, pipelined), commit;
- **plain SQL**: psycopg: the same two multi-row INSERTs, then one plain UPDATE per account
  with the summed amounts (`executemany`, pipelined), commit.

The two sides alternate, `--passes` times; the median of the per-pass ratios (service /
plain throughput) is printed. The machine is shared and noisy, so only the ratio means
anything (see ../shared/reference/performance-anchors.md). The issue's aim is >= 0.5.
Afterwards the ledger is audited: both sides' rows must add up.

The database and its two roles are created for the run and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import Settings
from app.core.ids import new_id
from app.ledger import service as ledger
from app.tenants import service as tenants

AMOUNT = 100
BATCH_ACCOUNTS = 100  # escrow accounts a batch credits (plus provider cash)


@dataclass(frozen=True)
class Pass:
    service_per_s: float
    plain_per_s: float

    @property
    def ratio(self) -> float:
        return self.service_per_s / self.plain_per_s


@dataclass(frozen=True)
class Result:
    n: int
    passes: list[Pass]
    audit: list[str]
    batch_size: int = 0
    batch_passes: tuple[Pass, ...] = ()

    @property
    def ratio(self) -> float:
        return statistics.median(p.ratio for p in self.passes)

    @property
    def batch_ratio(self) -> float:
        return statistics.median(p.ratio for p in self.batch_passes)


class Bench:
    """One tenant with a cash and an escrow account, posted to both ways."""

    def __init__(self, app_url: str) -> None:
        self.app = create_app(_settings(app_url))
        self.database = self.app.extensions["gigkit"].database
        with self.database.unit_of_work() as session:
            self.tenant_id = tenants.create_tenant(session, name="bench").id
        with self.database.unit_of_work(tenant_id=self.tenant_id) as session:
            self.cash = ledger.account(
                session, kind="provider_cash", owner_id=ledger.PLATFORM, currency="CNY"
            ).id
            self.escrow = ledger.account(
                session, kind="employer_escrow", owner_id="emp_bench", currency="CNY"
            ).id
            keys = [("employer_escrow", f"emp_bench{i}", "CNY") for i in range(BATCH_ACCOUNTS)]
            self.escrows = list(ledger.account_ids(session, keys).values())
        url = make_url(app_url)
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)

    def service(self, n: int) -> float:
        self.database.engine.dispose()  # a new connection per pass, as the plain side has
        lines = [
            ledger.Line(self.cash, "debit", AMOUNT),
            ledger.Line(self.escrow, "credit", AMOUNT),
        ]
        start = time.perf_counter()
        for _ in range(n):
            with self.database.unit_of_work(tenant_id=self.tenant_id) as session:
                ledger.post(session, lines=lines, currency="CNY", description="bench")
        return n / (time.perf_counter() - start)

    def plain(self, n: int) -> float:
        with psycopg.connect(self.conninfo) as conn:
            start = time.perf_counter()
            for _ in range(n):
                self._plain_one(conn)
                conn.commit()
            return n / (time.perf_counter() - start)

    def _plain_one(self, conn: psycopg.Connection[Any]) -> None:
        tenant, txn = self.tenant_id, new_id("ltx")
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
        conn.execute(
            "INSERT INTO ledger_transactions (tenant_id, id, status, description, "
            "effective_at, created_at, posted_at, metadata) "
            "VALUES (%s, %s, 'posted', 'bench', now(), now(), now(), '{}')",
            (tenant, txn),
        )
        debit = (tenant, new_id("len"), txn, self.cash, AMOUNT)
        credit = (tenant, new_id("len"), txn, self.escrow, AMOUNT)
        conn.execute(
            "INSERT INTO ledger_entries (tenant_id, id, transaction_id, account_id, direction, "
            "amount, currency, created_at) VALUES "
            "(%s, %s, %s, %s, 'debit', %s, 'CNY', now()), "
            "(%s, %s, %s, %s, 'credit', %s, 'CNY', now())",
            (*debit, *credit),
        )
        conn.execute(
            "UPDATE ledger_accounts SET posted_debits = posted_debits + %s, "
            "lock_version = lock_version + 1 WHERE tenant_id = %s AND id = %s",
            (AMOUNT, tenant, self.cash),
        )
        conn.execute(
            "UPDATE ledger_accounts SET posted_credits = posted_credits + %s, "
            "lock_version = lock_version + 1 WHERE tenant_id = %s AND id = %s",
            (AMOUNT, tenant, self.escrow),
        )

    def service_batch(self, batches: int, size: int) -> float:
        """Postings per second, `size` per database transaction."""
        self.database.engine.dispose()
        postings = [
            ledger.Posting(
                [
                    ledger.Line(self.cash, "debit", AMOUNT),
                    ledger.Line(self.escrows[i % len(self.escrows)], "credit", AMOUNT),
                ],
                "CNY",
                "bench",
            )
            for i in range(size)
        ]
        start = time.perf_counter()
        for _ in range(batches):
            with self.database.unit_of_work(tenant_id=self.tenant_id) as session:
                ledger.post_many(session, postings)
        return batches * size / (time.perf_counter() - start)

    def plain_batch(self, batches: int, size: int) -> float:
        with psycopg.connect(self.conninfo) as conn:
            start = time.perf_counter()
            for _ in range(batches):
                self._plain_batch(conn, size)
                conn.commit()
            return batches * size / (time.perf_counter() - start)

    def _plain_batch(self, conn: psycopg.Connection[Any], size: int) -> None:
        tenant = self.tenant_id
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
        txns = [new_id("ltx") for _ in range(size)]
        conn.execute(
            "INSERT INTO ledger_transactions (tenant_id, id, status, description, "  # noqa: S608 (placeholders only)
            "effective_at, created_at, posted_at, metadata) VALUES "
            + ", ".join(["(%s, %s, 'posted', 'bench', now(), now(), now(), '{}')"] * size),
            [v for txn in txns for v in (tenant, txn)],
        )
        credited = [self.escrows[i % len(self.escrows)] for i in range(size)]
        rows = [
            (tenant, new_id("len"), txn, account, direction, AMOUNT)
            for txn, escrow in zip(txns, credited, strict=True)
            for account, direction in ((self.cash, "debit"), (escrow, "credit"))
        ]
        conn.execute(
            "INSERT INTO ledger_entries (tenant_id, id, transaction_id, account_id, direction, "  # noqa: S608
            "amount, currency, created_at) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s, %s, 'CNY', now())"] * len(rows)),
            [v for row in rows for v in row],
        )
        sums = {self.cash: (size * AMOUNT, 0)} | {
            e: (0, credited.count(e) * AMOUNT) for e in sorted(set(credited))
        }
        with conn.cursor() as cursor:
            cursor.executemany(
                "UPDATE ledger_accounts SET posted_debits = posted_debits + %s, "
                "posted_credits = posted_credits + %s, lock_version = lock_version + 1 "
                "WHERE tenant_id = %s AND id = %s",
                [(d, c, tenant, a) for a, (d, c) in sorted(sums.items())],
            )

    def audit(self) -> list[str]:
        with self.database.unit_of_work(tenant_id=self.tenant_id) as session:
            return ledger.audit(session)

    def close(self) -> None:
        self.database.dispose()


def run(app_url: str, *, n: int, passes: int, batches: int = 0, batch_size: int = 1000) -> Result:
    bench = Bench(app_url)
    try:
        bench.service(min(n, 100))  # warm up both paths
        bench.plain(min(n, 100))
        results, batch_results = [], []
        for i in range(passes):
            if i % 2:  # alternate who goes first: drift hits both sides alike
                plain, service = bench.plain(n), bench.service(n)
            else:
                service, plain = bench.service(n), bench.plain(n)
            results.append(Pass(service, plain))
        if batches:
            bench.service_batch(1, batch_size)
            bench.plain_batch(1, batch_size)
            for i in range(passes):
                if i % 2:
                    plain = bench.plain_batch(batches, batch_size)
                    service = bench.service_batch(batches, batch_size)
                else:
                    service = bench.service_batch(batches, batch_size)
                    plain = bench.plain_batch(batches, batch_size)
                batch_results.append(Pass(service, plain))
        return Result(n, results, bench.audit(), batch_size, tuple(batch_results))
    finally:
        bench.close()


def _settings(app_url: str) -> Settings:
    return Settings(
        database_url=app_url,
        migrations_database_url=app_url,
        redis_url=None,
        instance_path=Path(tempfile.mkdtemp(prefix="gigkit-bench-")),
        secret_key=secrets.token_bytes(32),
        encryption_key_id="k1",
        encryption_keys={"k1": secrets.token_bytes(32)},
        blind_index_key=secrets.token_bytes(32),
        embedded=False,
        log_level="WARNING",
    )


def _fresh_database(admin_url: str) -> tuple[str, Any]:
    """A new database owned by a new role, migrated, and a second role for the app
    (owns nothing, cannot bypass RLS), as in production. Returns the app URL and a
    function that drops all three."""
    from alembic import command

    from app.cli import alembic_config

    suffix = secrets.token_hex(4)
    db, owner, app_role = (f"gigkit_bench_{kind}_{suffix}" for kind in ("db", "owner", "app"))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role in (owner, app_role):
            conn.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))
        conn.execute(text(f"CREATE DATABASE {db} OWNER {owner}"))
    base = make_url(admin_url).set(database=db)
    config = alembic_config(base.set(username=owner).render_as_string(hide_password=False))
    config.attributes["app_role"] = app_role
    command.upgrade(config, "head")

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {app_role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()

    return base.set(username=app_role).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="transactions per side per pass")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--batches", type=int, default=5, help="batch transactions per side")
    parser.add_argument("--batch-size", type=int, default=1000, help="postings per batch")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "GIGKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="an administrator URL; a database is created (and dropped) beside it",
    )
    args = parser.parse_args(argv)
    app_url, drop = _fresh_database(args.pg)
    try:
        result = run(
            app_url,
            n=args.n,
            passes=args.passes,
            batches=args.batches,
            batch_size=args.batch_size,
        )
    finally:
        drop()
    print(f"ledger posting, {result.n} two-entry transactions per side per pass")
    print(f"{'pass':>4}  {'service/s':>10}  {'plain SQL/s':>11}  {'ratio':>5}")
    for i, p in enumerate(result.passes, 1):
        print(f"{i:>4}  {p.service_per_s:>10.0f}  {p.plain_per_s:>11.0f}  {p.ratio:>5.2f}")
    print(f"median ratio (service / plain SQL): {result.ratio:.2f}   (aim: >= 0.5)")
    if result.batch_passes:
        print(f"\nbatch posting, {result.batch_size} postings per transaction (postings/s)")
        print(f"{'pass':>4}  {'post_many':>10}  {'plain SQL':>11}  {'ratio':>5}")
        for i, p in enumerate(result.batch_passes, 1):
            print(f"{i:>4}  {p.service_per_s:>10.0f}  {p.plain_per_s:>11.0f}  {p.ratio:>5.2f}")
        print(f"median batch ratio (post_many / plain SQL): {result.batch_ratio:.2f}")
        single = statistics.median(p.service_per_s for p in result.passes)
        batched = statistics.median(p.service_per_s for p in result.batch_passes)
        print(f"post_many / post, postings per second: x{batched / single:.1f}")
    if result.audit:
        print("LEDGER AUDIT FAILED:", *result.audit, sep="\n  ")
        return 1
    print("ledger audit: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
