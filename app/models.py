"""Every table, in one import: for migrations and architecture tests."""

from __future__ import annotations

from app.core import events, idempotency
from app.core.db import Base
from app.parties import models as parties
from app.tenants import models as tenants

__all__ = ["Base", "events", "idempotency", "parties", "tenants"]
