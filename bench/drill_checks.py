"""The drill's end checks and lags (bench/drill.py), read straight from the cluster's
PostgreSQL as its superuser (every tenant row; RLS does not apply), and the ledger's own
audit through the app. Each check returns what it found wrong, in words; none: passed."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, text

if TYPE_CHECKING:
    from bench.cluster import Cluster
    from bench.drill import Run
    from bench.drill_load import Receiver

# per shift: its status, escrow releases, payslips (not corrections) and paid payouts for the
# payslip's net; aggregated first and joined (hash joins: correlated subqueries per shift
# took minutes at 26,000 shifts)
SETTLEMENT = """
WITH releases AS (
    SELECT source_id AS shift_id, count(*) AS n FROM escrow_releases
     WHERE tenant_id = :t AND source_type = 'shift' GROUP BY source_id
), slips AS (
    SELECT shift_id, count(*) AS n FROM payslips
     WHERE tenant_id = :t AND corrects_id IS NULL GROUP BY shift_id
), paid AS (
    SELECT p.shift_id, count(*) AS n FROM payslips p JOIN payouts o
        ON o.tenant_id = p.tenant_id AND o.source_type = 'payslip' AND o.source_id = p.id
     WHERE p.tenant_id = :t AND o.status = 'paid' AND o.amount = p.net GROUP BY p.shift_id
)
SELECT s.id, s.status, coalesce(r.n, 0), coalesce(l.n, 0), coalesce(d.n, 0)
  FROM work_shifts s
  LEFT JOIN releases r ON r.shift_id = s.id
  LEFT JOIN slips l ON l.shift_id = s.id
  LEFT JOIN paid d ON d.shift_id = s.id
 WHERE s.tenant_id = :t AND s.id = ANY(:ids)
"""


def engine_of(cluster: Cluster) -> Any:
    """The cluster's database, as its superuser, straight to PostgreSQL."""
    database = cluster.direct_url.rsplit("/", 1)[1]
    return create_engine(cluster.postgres.admin_url.rsplit("/", 1)[0] + f"/{database}")


def check(cluster: Cluster, drill: Run, receiver: Receiver) -> list[str]:
    failures: list[str] = []
    engine = engine_of(cluster)
    params = {"t": drill.tenant}
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(SETTLEMENT), {**params, "ids": drill.shifts}).all()
            payouts = conn.execute(
                text("SELECT status, count(*) FROM payouts WHERE tenant_id = :t GROUP BY status"),
                params,
            ).all()
            slips = conn.execute(
                text("SELECT count(*) FROM payslips WHERE tenant_id = :t"), params
            ).scalar()
            batches = conn.execute(
                text(
                    "SELECT id, status, item_count, settled_count, failed_count"
                    " FROM work_clock_out_batches WHERE tenant_id = :t"
                ),
                params,
            ).all()
            events = conn.execute(
                text("SELECT id, type FROM events WHERE tenant_id = :t AND type = ANY(:types)"),
                {**params, "types": _types()},
            ).all()
            expected = {event_id for event_id, _ in events}
            deliveries = conn.execute(
                text(
                    "SELECT status, count(*) FROM webhook_deliveries WHERE tenant_id = :t"
                    " GROUP BY status"
                ),
                params,
            ).all()
    finally:
        engine.dispose()

    if len(rows) != len(drill.shifts):
        failures.append(f"{len(drill.shifts) - len(rows)} shifts not found")
    not_once = [row for row in rows if tuple(row[1:]) != ("settled", 1, 1, 1)]
    if not_once:
        failures.append(
            f"{len(not_once)} shifts not settled exactly once with one paid payout, e.g. "
            f"(id, status, releases, payslips, paid payouts) {tuple(not_once[0])}"
        )
    paid = dict(payouts).get("paid", 0)
    if dict(payouts) != {"paid": slips}:
        failures.append(f"payouts by status {dict(payouts)} against {slips} payslips")
    if paid != len(drill.shifts):
        failures.append(f"{paid} payouts paid for {len(drill.shifts)} shifts settled")
    failures += _ledger(cluster, drill.tenant)
    if len(batches) != len(drill.batches) or any(
        (b.status, b.settled_count, b.failed_count) != ("completed", b.item_count, 0)
        for b in batches
    ):
        failures.append(f"batches not all completed without failures: {batches[:3]}")
    made = Counter(type_ for _, type_ in events)
    if (made["payout.paid"], made["clock_out_batch.completed"]) != (paid, len(batches)):
        failures.append(f"events {dict(made)} for {paid} paid payouts, {len(batches)} batches")
    missing = expected - set(receiver.received)
    if missing:
        failures.append(f"{len(missing)} of {len(expected)} events never received")
    if receiver.forged:
        failures.append(f"{receiver.forged} deliveries failed signature verification")
    if dict(deliveries) != {"succeeded": len(expected)}:
        failures.append(f"deliveries by status {dict(deliveries)} for {len(expected)} events")
    struck = [fault.name for fault in drill.faults]
    if struck != ["SIGKILL api-2", "SIGKILL worker-money-2", "PostgreSQL restart"]:
        failures.append(f"the faults did not all happen (the error is above): only {struck}")
    failures += _errors_outside_windows(drill)
    failures += [f"refused: {refusal}" for refusal in drill.refused[:5]]
    return failures


def _types() -> list[str]:
    from bench.drill import EVENT_TYPES

    return EVENT_TYPES


def _ledger(cluster: Cluster, tenant: str) -> list[str]:
    """`ledger.audit` (balanced transactions, balances equal to their entries, no overdraft)
    for the tenant, through the app as the application role."""
    from app.ledger import service as ledger
    from bench import settle_setup as setup
    from bench.drill import _direct_env

    app = setup.open_app(_direct_env(cluster))
    try:
        with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant) as session:
            return [f"ledger: {problem}" for problem in ledger.audit(session)]
    finally:
        app.extensions["gigkit"].database.dispose()


# what a fault may cause: a dropped connection, haproxy's 502 for a request the dead node
# had taken, the app's 503 while PostgreSQL is away; a 500 or a 504 is never forgiven
FORGIVEN = {0, 502, 503}


def _errors_outside_windows(drill: Run) -> list[str]:
    windows = [fault.window for fault in drill.faults]
    outside = [
        attempt
        for attempt in drill.attempts.all
        if (attempt.status == 0 or attempt.status >= 500)
        and not (
            attempt.status in FORGIVEN and any(start <= attempt.at <= end for start, end in windows)
        )
    ]
    if not outside:
        return []
    first = outside[0]
    return [
        f"{len(outside)} 5xx or dropped answers outside the faults' windows, first "
        f"{first.status} on {first.path} at {first.at - drill.peak_started:.1f} s into the peak"
    ]


def lags(cluster: Cluster, drill: Run) -> dict[str, Any]:
    """Settled shifts, clock-out -> paid per payout (its creation is the clock-out's
    settlement), and when the last payout was paid."""
    engine = engine_of(cluster)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT extract(epoch FROM paid_at - created_at), extract(epoch FROM paid_at)"
                    " FROM payouts WHERE tenant_id = :t AND status = 'paid'"
                ),
                {"t": drill.tenant},
            ).all()
            settled = conn.execute(
                text(
                    "SELECT count(*) FROM work_shifts WHERE tenant_id = :t AND status = 'settled'"
                ),
                {"t": drill.tenant},
            ).scalar()
    finally:
        engine.dispose()
    return {
        "settled": settled,
        "paid": [float(lag) for lag, _ in rows],
        "last_paid": max((float(at) for _, at in rows), default=0.0),
    }
