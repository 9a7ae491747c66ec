"""The work block's ledger accounts, declared at import."""

from __future__ import annotations

from app.ledger import service as ledger

# Per employer (the withholding agent) and currency: IIT withheld from workers' pay, owed to
# the tax office until the employer (or the platform for it) files and pays it.
TAX_WITHHELD = ledger.declare_kind("tax_withheld_payable", normal="credit", owner="employer")
# Per tenant and currency: the platform's fees, charged to employers on top of wages.
PLATFORM_FEES = ledger.declare_kind("platform_fees", normal="credit", owner=ledger.PLATFORM)
