"""The test clocks table: at most one clock per tenant (`core/time.py` reads it by name)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, TenantScoped
from app.core.stamps import stamped

STATUSES = ("ready", "advancing", "internal_failure")


class TestClock(TenantScoped, Base):
    """A tenant's simulated time: its `frozen_time` is the tenant's now while it exists."""

    __test__ = False  # not a pytest class
    __tablename__ = "test_clocks"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    frozen_time: Mapped[dt.datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16))
    advanced_from: Mapped[dt.datetime | None] = mapped_column()
    tasks_run: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
