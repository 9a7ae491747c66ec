"""WSGI entry point for production: `gunicorn app.wsgi:application`.

Unlike `create_app()`, this refuses to boot when PostgreSQL is reached as a role that
row-level security would not bind (superuser, BYPASSRLS or table owner), so a
misconfigured deployment fails at start rather than on its first request.
"""

from __future__ import annotations

from app import create_app, verify_database

application = create_app()
verify_database(application)
