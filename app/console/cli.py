"""`gigkit admin create`: the first admin user of a tenant's console."""

from __future__ import annotations

import secrets
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from app.console import service as console
from app.core.auth import Actor
from app.core.errors import ValidationFailed
from app.core.tenancy import bind_tenant
from app.tenants import service as tenants


@click.group("admin")
def admin() -> None:
    """Console admin users (platform operations)."""


@admin.command("create")
@click.option("--tenant", "tenant_id", required=True)
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(console.ROLES), default="owner", show_default=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin; else one is generated and printed.",
)
@with_appcontext
def admin_create(tenant_id: str, email: str, role: str, password_stdin: bool) -> None:
    """Create a console admin user for an existing tenant."""
    generated = not password_stdin
    password = secrets.token_urlsafe(12) if generated else sys.stdin.readline().rstrip("\r\n")
    database = current_app.extensions["gigkit"].database
    try:
        with database.unit_of_work() as session:
            if tenants.find(session, tenant_id) is None:
                raise click.BadParameter("no such tenant", param_hint="--tenant")
            bind_tenant(session, tenant_id)
            user = console.create_admin(
                session, actor=Actor("cli", None), email=email, password=password, role=role
            )
            user_id = user.id
    except ValidationFailed as error:
        problems = "; ".join(f"{e['field']}: {e['message']}" for e in error.errors or [])
        raise click.ClickException(problems) from None
    click.echo(f"admin user {user_id}  {email.strip().lower()}  ({role})")
    if generated:
        click.echo(f"password  {password}   (shown once)")
