"""`alembic upgrade head`, then `alembic check`, on fresh databases: the models and the
migrations never drift, and the history downgrades and upgrades again cleanly."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from tests.conftest import Postgres


def _round_trip(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.check(config)  # raises when autogenerate sees a difference
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    command.check(config)


def test_fresh_sqlite(tmp_path: Path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'fresh.db'}")


def test_fresh_postgres(postgres: Postgres) -> None:
    name = f"gigkit_fresh_{secrets.token_hex(4)}"
    admin = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} OWNER {postgres.owner_role}"))
    try:
        _round_trip(make_url(postgres.owner_url).set(database=name).render_as_string(False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_check_fails_on_drift(tmp_path: Path) -> None:
    """The guard itself works: a schema that differs from the models is reported."""
    url = f"sqlite:///{tmp_path / 'drift.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_workers_tenant_id_mobile"))
    engine.dispose()
    with pytest.raises(Exception, match="New upgrade operations detected"):
        command.check(alembic_config(url))
