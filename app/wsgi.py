"""WSGI entry point for production: `gunicorn app.wsgi:application`.

Unlike `create_app()`, this refuses to boot when PostgreSQL is reached as a role that
row-level security would not bind or that could lift it (a superuser, BYPASSRLS, the table
owner or a member of any of them; see `app/core/db.py`), so a misconfigured deployment fails
at start rather than on its first request.
"""

from __future__ import annotations

from app import create_app, verify_database

application = create_app()
verify_database(application)
