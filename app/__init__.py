"""gigkit: e-signed contracts, escrowed wages paid at clock-out, payslips and per-day
insurance for gig-work platforms. `create_app()` wires the kernel and the blocks."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Settings
from app.core import edge, jobs, metrics, ratelimit, usage
from app.core import logging as gk_logging
from app.core.api import API_DESCRIPTION, Api
from app.core.crypto import Keyring
from app.core.db import Database

MAX_BODY_BYTES = 1024 * 1024


@dataclass
class AppState:
    settings: Settings
    database: Database
    jobs: jobs.JobRunner

    def use_settings(self, settings: Settings) -> None:
        """Replace the settings everywhere they are read (before serving)."""
        self.settings = settings
        self.database.session_info["settings"] = settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    gk_logging.configure(settings.log_level)
    app = Flask(__name__, instance_path=str(settings.instance_path), static_folder=None)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        API_TITLE="gigkit",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {"description": API_DESCRIPTION},
            "servers": [{"url": "/"}],
        },
    )

    keyring = Keyring(
        secret_key=settings.secret_key,
        encryption_key_id=settings.encryption_key_id,
        encryption_keys=settings.encryption_keys,
        blind_index_key=settings.blind_index_key,
    )
    database = Database(
        settings.database_url,
        keyring=keyring,
        check_role=not settings.allow_unsafe_db_role,
        pooler=settings.database_pooler,
    )
    runner = jobs.JobRunner(
        database=database, redis_url=settings.redis_url, queue_name=settings.queue_name
    )
    database.session_info["job_runner"] = runner
    database.session_info["settings"] = settings
    jobs.configure(runner)
    app.extensions["gigkit"] = AppState(settings, database, runner)

    if settings.trusted_proxies:  # the client address comes from X-Forwarded-For
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    metrics.init_app(app)  # first: it times the whole pipeline
    gk_logging.init_app(app)
    edge.init_app(app)
    ratelimit.init_app(app, settings.redis_url or "memory://")
    usage.init_app(app)  # counted in the rate limiter's storage
    _register_blocks(app, settings)
    return app


def verify_database(app: Flask) -> None:
    """Connect once now: raises `UnsafeDatabaseRole` for a privileged PostgreSQL role (unless
    GIGKIT_ALLOW_UNSAFE_DB_ROLE=1) and fails if the database cannot be reached."""
    with app.extensions["gigkit"].database.engine.connect():
        pass


def _register_blocks(app: Flask, settings: Settings) -> None:
    from app import openapi_examples
    from app.console.routes import console
    from app.escrow.routes import blp as escrow
    from app.guides import guides
    from app.insurance.certificate_routes import blp as insurance_certificates
    from app.insurance.routes import blp as insurance  # before work's: it hooks into work
    from app.ledger.routes import blp as ledger
    from app.parties.routes import blp as parties
    from app.payouts.routes import blp as payouts
    from app.payslips.document_routes import blp as payslip_documents
    from app.payslips.export_routes import blp as payslip_exports
    from app.payslips.routes import blp as payslips
    from app.signing.pages import pages as signing_pages
    from app.signing.routes import blp as signing
    from app.system.routes import blp as system
    from app.system.routes import metrics_page
    from app.tenants import oauth_server, register_authenticators
    from app.tenants.oauth_routes import blp as oauth
    from app.tenants.routes import blp as tenants
    from app.tenants.scopes import SCOPES
    from app.test_clocks.routes import blp as test_clocks
    from app.webhooks.routes import blp as events
    from app.webhooks.routes import endpoints_blp as webhooks
    from app.work.batch_routes import blp as work_batches
    from app.work.routes import blp as work

    api = Api(app)
    blocks = (
        system,
        oauth,
        tenants,
        parties,
        signing,
        escrow,
        work,
        work_batches,
        insurance,
        insurance_certificates,
        payslips,
        payouts,
        payslip_exports,
        payslip_documents,
        ledger,
        events,
        webhooks,
        test_clocks,
    )
    for blueprint in blocks:
        api.register_blueprint(blueprint)
    api.add_client_credentials("/oauth/token", SCOPES)
    openapi_examples.add_to(api.spec)
    register_authenticators()
    _declare_tasks()
    app.register_blueprint(signing_pages)
    app.register_blueprint(guides)  # static pages, not operations: outside the spec
    app.register_blueprint(metrics_page)  # Prometheus text, not an operation: outside the spec
    app.register_blueprint(console)  # the admin console's HTML pages: outside the spec
    oauth_server.init_app(app, token_ttl=settings.access_token_ttl)


def _declare_tasks() -> None:
    """Import each block's background entry points, declaring its periodic tasks."""
    import app.escrow.jobs
    import app.insurance.jobs
    import app.payouts.jobs
    import app.payslips.jobs
    import app.signing.jobs
    import app.webhooks.jobs
    import app.work.jobs  # noqa: F401
