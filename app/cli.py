"""The `gigkit` command (a Flask CLI group). Scripts and tests rely on these names.

gigkit db upgrade                      migrate to the latest schema (as the owner role)
gigkit db check                        fail if the models and migrations disagree
gigkit tenant create --name N [--mode test|live] [--json]
gigkit tenant list [--json]
gigkit api-key create --tenant ID [--scopes "a b"] [--name N] [--json]
gigkit oauth-client create --tenant ID --scopes "a b" [--name N] [--json]
gigkit admin create --tenant ID --email E [--role R] [--password-stdin]   a console admin user
gigkit demo [--port P]                 create (once) and print the demo tenant
gigkit run [--host H] [--port P]       serve the API
gigkit worker [--burst] [--queue Q]    RQ worker with the scheduler (queues: money, ...)
gigkit maintenance list                the periodic tasks (`gigkit worker` runs them)
gigkit maintenance run NAME [--tenant ID]   run one now (e.g. payouts.reconcile)
gigkit maintenance reconcile           alias: escrow.deposits payouts.reconcile
gigkit maintenance webhooks            alias: webhooks.relay webhooks.resume
gigkit maintenance contracts           alias: contracts.expire signing_links.expired ...
gigkit maintenance purge               alias: idempotency.purge
gigkit contracts verify-pdf FILE [--keys keys.json]   check a sealed PDF (no database)
gigkit openapi write FILE              export the OpenAPI document (flask-smorest)
gigkit error-codes [FILE]              rewrite the table of error codes in FILE (the docs page)
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from app import create_app, verify_database
from app.console.cli import admin
from app.contracts_cli import contracts
from app.core import jobs, schedule
from app.core.auth import Actor
from app.core.tenancy import bind_tenant
from app.maintenance import maintenance
from app.tenants import api_keys, oauth_clients, scopes
from app.tenants import service as tenants

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
CLI_ACTOR = Actor("cli", None)
log = logging.getLogger(__name__)


def _state() -> Any:
    return current_app.extensions["gigkit"]


def _emit(as_json: bool, payload: dict[str, Any], text: str) -> None:
    click.echo(json.dumps(payload) if as_json else text)


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def main() -> None:
    """gigkit: gig-work contracts, escrowed wages, payslips and insurance."""


# --- database -------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database schema (runs as MIGRATIONS_DATABASE_URL, the owner role)."""


def alembic_config(url: str | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations."""
    from alembic import command

    logging.getLogger("alembic").setLevel(logging.WARNING)
    settings = _state().settings
    if settings.embedded:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.migrations_database_url), revision)
    click.echo(f"database at {revision}")


@db.command("check")
@with_appcontext
def db_check() -> None:
    """Fail if the models have changes no migration describes."""
    from alembic import command

    command.check(alembic_config(_state().settings.migrations_database_url))
    click.echo("no drift")


# --- tenants and credentials ----------------------------------------------------------------


@main.group()
def tenant() -> None:
    """Tenants (platform operations)."""


@tenant.command("create")
@click.option("--name", required=True)
@click.option("--mode", type=click.Choice(["test", "live"]), default="test", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def tenant_create(name: str, mode: str, as_json: bool) -> None:
    """Create a tenant and its first admin API key (holding every scope)."""
    with _state().database.unit_of_work() as session:
        new = tenants.create_tenant(session, name=name, mode=mode)
        issued = api_keys.create(
            session, actor=CLI_ACTOR, name="admin", scopes=list(scopes.ALL_SCOPES)
        )
        tenant_id, secret = new.id, issued.secret
    _emit(
        as_json,
        {"tenant_id": tenant_id, "api_key": secret},
        f"tenant {tenant_id}\napi key {secret}   (shown once: store it now)",
    )


@tenant.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def tenant_list(as_json: bool) -> None:
    with _state().database.unit_of_work() as session:
        rows = [{"id": t.id, "name": t.name, "mode": t.mode} for t in tenants.list_all(session)]
    _emit(as_json, {"data": rows}, "\n".join(f"{r['id']}  {r['mode']}  {r['name']}" for r in rows))


@main.group("api-key")
def api_key() -> None:
    """API keys (platform operations)."""


@api_key.command("create")
@click.option("--tenant", "tenant_id", required=True)
@click.option(
    "--scopes",
    "scope_text",
    default=" ".join(scopes.ALL_SCOPES),
    show_default="every scope",
    help='Space-separated, e.g. "admin parties:read"',
)
@click.option("--name", default="cli key", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def api_key_create(tenant_id: str, scope_text: str, name: str, as_json: bool) -> None:
    """Issue an API key for an existing tenant (e.g. when its admin key was lost)."""
    wanted = _parse_scopes(scope_text)
    with _state().database.unit_of_work() as session:
        _bind_existing_tenant(session, tenant_id)
        issued = api_keys.create(session, actor=CLI_ACTOR, name=name, scopes=wanted)
        key_id, secret = issued.key.id, issued.secret
    _emit(as_json, {"id": key_id, "api_key": secret}, f"api key {secret}   (shown once)")


@main.group("oauth-client")
def oauth_client() -> None:
    """OAuth clients (platform operations)."""


@oauth_client.command("create")
@click.option("--tenant", "tenant_id", required=True)
@click.option("--scopes", "scope_text", required=True, help='Space-separated, e.g. "parties:read"')
@click.option("--name", default="cli client", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def oauth_client_create(tenant_id: str, scope_text: str, name: str, as_json: bool) -> None:
    """Create an OAuth client for a tenant; prints client_id and client_secret."""
    wanted = _parse_scopes(scope_text)
    with _state().database.unit_of_work() as session:
        _bind_existing_tenant(session, tenant_id)
        issued = oauth_clients.create(session, actor=CLI_ACTOR, name=name, scopes=wanted)
        client_id, secret = issued.client.id, issued.secret
    _emit(
        as_json,
        {"client_id": client_id, "client_secret": secret},
        f"client_id {client_id}\nclient_secret {secret}   (shown once)",
    )


def _parse_scopes(text: str) -> list[str]:
    try:
        return scopes.parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--scopes") from None


def _bind_existing_tenant(session: Any, tenant_id: str) -> None:
    if tenants.find(session, tenant_id) is None:
        raise click.BadParameter("no such tenant", param_hint="--tenant")
    bind_tenant(session, tenant_id)


# --- demo, serving, workers -----------------------------------------------------------------


@main.command()
@click.option("--port", default=lambda: os.environ.get("PORT", "8000"), show_default="8000")
@click.option("--host", default="127.0.0.1", show_default=True)
@with_appcontext
def demo(port: str, host: str) -> None:
    """Create the demo tenant once (with an employer and a worker) and print how to use it."""
    from app.demo import ensure_demo

    creds = ensure_demo(_state())
    base = f"http://{host}:{port}"
    console_login = ""  # (a demo made before the console has no login: `gigkit admin create`)
    if "console_email" in creds:
        console_login = f"   sign in: {creds['console_email']}  {creds['console_password']}"
    click.echo(
        f"""
gigkit demo tenant  {creds["tenant_id"]}  (test mode)
  API key        {creds["api_key"]}
  OAuth client   {creds["client_id"]}
  client secret  {creds["client_secret"]}

  console        {base}/console/{console_login}
  API docs       {base}/docs
  guides         {base}/guides/
  OpenAPI        {base}/openapi.json
  try            curl -H "Authorization: Bearer {creds["api_key"]}" {base}/v1/workers

  the docs' samples read these (paste them into the terminal you try them in):
  export GK={base} GK_KEY={creds["api_key"]}
  export GK_CLIENT_ID={creds["client_id"]} GK_CLIENT_SECRET={creds["client_secret"]}
  export GIGKIT_URL=$GK GIGKIT_API_KEY=$GK_KEY
  export GIGKIT_CLIENT_ID=$GK_CLIENT_ID GIGKIT_CLIENT_SECRET=$GK_CLIENT_SECRET
"""
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int, show_default="8000"
)
@with_appcontext
def run(host: str, port: int) -> None:
    """Serve the API (threaded development server; use gunicorn in production)."""
    from werkzeug.serving import run_simple

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    verify_database(app)
    state = _state()
    if state.settings.embedded and not os.environ.get("GIGKIT_PUBLIC_URL"):
        # links handed out (signing pages) point at this server, wherever it listens
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        shown = f"[{shown}]" if ":" in shown else shown
        state.use_settings(state.settings.with_overrides(public_url=f"http://{shown}:{port}"))
    if not state.jobs.uses_redis:  # no worker: this process runs the periodic tasks
        schedule.Scheduler(state.database, state.settings).start()
    base = f"http://{host}:{port}"
    click.echo(
        f"serving gigkit on {base}  (docs: {base}/docs, guides: {base}/guides/, "
        f"console: {base}/console/)"
    )
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option(
    "--queue",
    "queues",
    multiple=True,
    type=click.Choice(jobs.QUEUES),
    help="Serve only this queue (repeatable); default: all, in the order "
    + ", ".join(jobs.QUEUES)
    + ".",
)
@click.option(
    "--schedule/--no-schedule",
    "--ticker/--no-ticker",
    "ticker",
    default=None,
    help="Run the periodic tasks (`gigkit maintenance list`; default: when serving the "
    "webhooks queue). --ticker/--no-ticker are the older names.",
)
@click.option(
    "--idle",
    is_flag=True,
    help="Use the CPU only when nothing else wants it (Linux SCHED_IDLE): for a documents "
    "worker on a machine shared with API processes.",
)
@click.option(
    "--metrics",
    "metrics_address",
    metavar="HOST:PORT",
    callback=lambda _ctx, _param, value: _host_port(value),
    help="Serve this process's Prometheus metrics at http://HOST:PORT/metrics, behind "
    "GIGKIT_METRICS_TOKEN when set (for workers on machines without an API node; "
    "[::1]:9108 for IPv6).",
)
@with_appcontext
def worker(
    burst: bool,
    queues: tuple[str, ...],
    ticker: bool | None,
    idle: bool,
    metrics_address: str | None,
) -> None:
    """Run an RQ worker (with RQ's scheduler, needed for retries with backoff), and the
    periodic tasks (webhook relay, reconciliation, expiries: `gigkit maintenance list`).

    A worker serves its queues in priority order: money (payouts), webhooks, documents
    (PDFs), housekeeping, then the single queue of earlier versions (empty once the jobs
    queued before an upgrade have run). In production run at least one worker with
    `--queue money` alone, so that nothing else ever runs ahead of a payout
    (docs/deploy.md)."""
    import redis.exceptions
    from rq.exceptions import StopRequested

    from app.core.worker import Worker

    state = _state()
    runner = state.jobs
    if not runner.uses_redis:
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker needed")
    verify_database(current_app._get_current_object())  # type: ignore[attr-defined]
    if idle:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    served = runner.worker_queues(queues)
    if metrics_address:
        from app.core import metrics

        try:
            metrics.serve(metrics_address, runner, state.settings.metrics_token)
        except OSError as exc:  # in use, or no such address here
            message = f"cannot serve metrics on {metrics_address}: {exc}"
            raise click.ClickException(message) from exc
    if ticker is None:
        ticker = not burst and "webhooks" in (queues or jobs.QUEUES)
    if ticker:
        schedule.Scheduler(
            state.database,
            state.settings,
            redis=runner.connection,
            prefix=state.settings.queue_name,
        ).start()
    # RQ quits on most Redis errors; a worker that waits for Redis to come back (while
    # its periodic tasks keep relaying from the database) needs no supervisor to restart it.
    wait = 1.0
    while True:
        started = time.monotonic()
        try:
            # Jobs run in this process, one at a time (app/core/worker.py); a job that
            # crashes the interpreter takes the worker down, and the supervisor restarts it.
            Worker(served, connection=runner.connection).work(with_scheduler=True, burst=burst)
            return
        except redis.exceptions.ConnectionError as exc:
            if time.monotonic() - started > 60:
                wait = 1.0
            log.warning("Redis unreachable (%s): the worker restarts in %.0f s", exc, wait)
        try:
            time.sleep(wait)
        except StopRequested:  # SIGTERM while waiting
            return
        wait = min(wait * 2, 30.0)


def _host_port(value: str | None) -> str | None:
    _host, colon, port = (value or "").rpartition(":")
    if value is not None and not (colon and port.isdigit() and 0 < int(port) < 65536):
        raise click.BadParameter(f"{value!r} is not HOST:PORT (e.g. 0.0.0.0:9108)")
    return value


@main.command("error-codes")
@click.argument("doc", default="docs/errors-and-idempotency.md", type=click.Path(path_type=Path))
@with_appcontext
def error_codes_table(doc: Path) -> None:
    """Rewrite the table of error codes between DOC's markers, from the code."""
    from app.core import error_codes

    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    changed = error_codes.write_table(doc, api.spec.to_dict())
    click.echo(f"{doc}: {'rewritten' if changed else 'up to date'}")


main.add_command(maintenance)
main.add_command(contracts)
main.add_command(admin)
