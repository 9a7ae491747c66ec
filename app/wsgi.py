"""WSGI entry point for production: `gunicorn app.wsgi:application`.

Unlike `create_app()`, this refuses to boot when PostgreSQL is reached as a role that
row-level security would not bind or that could lift it (a superuser, BYPASSRLS, the table
owner or a member of any of them; see `app/core/db.py`), so a misconfigured deployment fails
at start rather than on its first request.

Once the app is built, its objects (~250,000: modules, schemas, mappers, the spec) are moved
out of the garbage collector's sight (`gc.freeze()`): they live as long as the process, and
a full collection scanning them all took ~90 ms, now and then in the middle of a request
(the p99 of `POST /v1/clock-out-batches` with 1,000 items: 65 ms, bench/accept.py). Each
gunicorn worker imports this module after the fork, so each freezes its own.
"""

from __future__ import annotations

import gc

from app import create_app, verify_database

application = create_app()
verify_database(application)
gc.freeze()
