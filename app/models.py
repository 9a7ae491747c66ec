"""Every table, in one import: for migrations and architecture tests."""

from __future__ import annotations

from app.console import models as console
from app.core import events, idempotency, rules
from app.core.db import Base
from app.escrow import models as escrow
from app.insurance import models as insurance
from app.ledger import models as ledger
from app.parties import models as parties
from app.payouts import models as payouts
from app.payslips import models as payslips
from app.signing import models as signing
from app.tenants import models as tenants
from app.test_clocks import models as test_clocks
from app.webhooks import models as webhooks
from app.work import models as work

__all__ = [
    "Base",
    "console",
    "escrow",
    "events",
    "idempotency",
    "insurance",
    "ledger",
    "parties",
    "payouts",
    "payslips",
    "rules",
    "signing",
    "tenants",
    "test_clocks",
    "webhooks",
    "work",
]
