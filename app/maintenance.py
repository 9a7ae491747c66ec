"""`gigkit maintenance`: the periodic tasks (`core/schedule.py`) one at a time, by hand or
from cron, and the older commands that are now aliases of tasks. Added to `gigkit` by
`app/cli.py`."""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core import schedule


def _state() -> Any:
    return current_app.extensions["gigkit"]


@click.group()
def maintenance() -> None:
    """Periodic tasks, one at a time (`gigkit worker` runs them all on their periods)."""


@maintenance.command("list")
@with_appcontext
def maintenance_list() -> None:
    """The periodic tasks, with their periods."""
    settings = _state().settings
    for task in schedule.tasks():
        scope = "each tenant" if task.per_tenant else "once"
        click.echo(f"{task.name:<24} every {task.period(settings):>6.0f} s  ({scope})")


@maintenance.command("run")
@click.argument("names", nargs=-1, required=True)
@click.option("--tenant", "tenant_id", default=None, help="Only this tenant.")
@with_appcontext
def maintenance_run(names: tuple[str, ...], tenant_id: str | None) -> None:
    """Run the named periodic tasks now (every tenant, or one)."""
    tasks = []
    for name in names:
        try:
            tasks.append(schedule.get(name))
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0])) from None
    for task in tasks:
        done = schedule.run(_state().database, task, tenant_id=tenant_id)
        click.echo(f"{task.name}: {done}")


def _run_tasks(*names: str) -> list[int]:
    database = _state().database
    return [schedule.run(database, schedule.get(name)) for name in names]


@maintenance.command("reconcile")
@with_appcontext
def maintenance_reconcile() -> None:
    """Alias of `run escrow.deposits payouts.reconcile`: settle delayed deposits and payouts
    stuck in processing, record payout returns, re-send payouts whose job was lost."""
    deposits, changed = _run_tasks("escrow.deposits", "payouts.reconcile")
    click.echo(f"settled {deposits} deposits, updated {changed} payouts")


@maintenance.command("contracts")
@with_appcontext
def maintenance_contracts() -> None:
    """Alias of `run contracts.expire signing_links.expired contracts.renderings`: expire
    contracts past their signing deadline, announce signing links that expired unused,
    restart contract PDFs whose rendering job was lost."""
    expired, announced, waiting = _run_tasks(
        "contracts.expire", "signing_links.expired", "contracts.renderings"
    )
    click.echo(f"expired {expired} contracts, {announced} signing links; {waiting} PDFs waiting")


@maintenance.command("webhooks")
@with_appcontext
def maintenance_webhooks() -> None:
    """Alias of `run webhooks.relay webhooks.resume`: relay new events to webhook endpoints
    and resend deliveries whose job was lost, once."""
    _run_tasks("webhooks.relay", "webhooks.resume")
    click.echo("webhooks relayed")


@maintenance.command("purge")
@with_appcontext
def maintenance_purge() -> None:
    """Alias of `run idempotency.purge`: delete idempotency records past their retention."""
    (total,) = _run_tasks("idempotency.purge")
    click.echo(f"purged {total} expired idempotency records")
