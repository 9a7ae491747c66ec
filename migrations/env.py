"""Alembic environment: one linear history, run as the owner role.

URL: the `sqlalchemy.url` option (set by `gigkit db upgrade` and tests), else
MIGRATIONS_DATABASE_URL, else DATABASE_URL, else the embedded SQLite database.

On PostgreSQL, after the migrations the application role gets its privileges, derived from
the models (`app.core.rls.grants`). The role is `config.attributes["app_role"]`, else
GIGKIT_DB_APP_ROLE, else the user in DATABASE_URL when it differs from the migrating user.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import context
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import make_url

from app.config import _normalise_db_url
from app.core import rls
from app.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = (
        config.get_main_option("sqlalchemy.url")
        or os.environ.get("MIGRATIONS_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        instance = Path(os.environ.get("GIGKIT_INSTANCE_PATH", "instance")).resolve()
        instance.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{instance / 'gigkit.db'}"
    return _normalise_db_url(url)


def _app_role(url: str) -> str | None:
    role = config.attributes.get("app_role") or os.environ.get("GIGKIT_DB_APP_ROLE")
    if role:
        return str(role)
    app_url = os.environ.get("DATABASE_URL")
    if app_url and app_url.startswith("postgres"):
        app_user = make_url(_normalise_db_url(app_url)).username
        if app_user and app_user != make_url(url).username:
            return app_user
    return None


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_server_default=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            role = _app_role(url)
            if connection.dialect.name == "postgresql" and role:
                for statement in rls.grants(target_metadata, role):
                    connection.execute(text(statement))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
