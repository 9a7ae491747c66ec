"""The escrow block's ledger accounts: declared at import, looked up per employer."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.ledger import service as ledger

# Per employer and currency: deposited and free to hold; reserved by holds.
EMPLOYER_ESCROW = ledger.declare_kind("employer_escrow", normal="credit", owner="employer")
EMPLOYER_HELD = ledger.declare_kind("employer_held", normal="credit", owner="employer")
# Per worker and currency: released to the worker, not yet paid out (the payouts block).
WORKER_PAYABLE = ledger.declare_kind("worker_payable", normal="credit", owner="worker")


def employer_keys(employer_id: str, currency: str) -> list[ledger.AccountKey]:
    """(escrow, held, provider cash) account keys. An employer's accounts are made only once
    the employer was found (employers are never deleted), so accounts known to exist vouch
    for their employer without a query (`create_hold`)."""
    return [
        (EMPLOYER_ESCROW, employer_id, currency),
        (EMPLOYER_HELD, employer_id, currency),
        (ledger.PROVIDER_CASH, ledger.PLATFORM, currency),
    ]


def employer_accounts(session: Session, employer_id: str, currency: str) -> tuple[str, str, str]:
    """(escrow, held, provider cash) account ids."""
    escrow, held, cash = ledger.account_ids(session, employer_keys(employer_id, currency)).values()
    return escrow, held, cash
