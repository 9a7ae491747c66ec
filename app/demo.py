"""The demo tenant `make run` prints: created once, remembered in instance/demo.json."""

from __future__ import annotations

import json
import os
import secrets
from typing import Any

from app.console import service as console
from app.core.auth import Actor
from app.parties import service as parties
from app.tenants import api_keys, oauth_clients, scopes
from app.tenants import service as tenants

DEMO_ACTOR = Actor("cli", None)


def ensure_demo(state: Any) -> dict[str, str]:
    """The demo credentials, creating tenant, key, client, an employer and a worker if needed.

    Secrets are stored only as hashes in the database, so the embedded mode keeps the clear
    demo credentials in `instance/demo.json` (mode 0600) to print them again on every start.
    """
    path = state.settings.instance_path / "demo.json"
    if path.exists():
        creds: dict[str, str] = json.loads(path.read_text())
        with state.database.unit_of_work() as session:
            if tenants.find(session, creds["tenant_id"]) is not None:
                return creds
    creds = create_demo(state)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(creds, fh, indent=2)
    return creds


def create_demo(state: Any, name: str = "Shiling gig market (demo)") -> dict[str, str]:
    """A new test tenant with an admin key and OAuth client holding every scope, a console
    owner, an employer and a worker; its credentials (the docs' runner makes one per page)."""
    with state.database.unit_of_work() as session:
        tenant = tenants.create_tenant(session, name=name, mode="test")
        key = api_keys.create(
            session, actor=DEMO_ACTOR, name="demo admin", scopes=list(scopes.ALL_SCOPES)
        )
        client = oauth_clients.create(
            session, actor=DEMO_ACTOR, name="demo client", scopes=list(scopes.ALL_SCOPES)
        )
        parties.create_employer(
            session,
            actor=DEMO_ACTOR,
            name="狮岭皮具厂 (demo)",
            credit_code="91350100M000100Y43",
            contact={"name": "Boss Li", "phone": "+86 20 8600 0000"},
            sites=[{"name": "Workshop 3", "address": "Shiling, Huadu, Guangzhou"}],
            metadata={},
        )
        parties.create_worker(
            session,
            actor=DEMO_ACTOR,
            name="Chen Wei",
            mobile="13800138000",
            id_card_number="11010519491231002X",
            skills=["leather-cutting", "sewing"],
            payout_account={
                "kind": "wallet",
                "provider": "wechat",
                "account_reference": "wxid_demo_0001",
            },
            metadata={},
        )
        password = secrets.token_urlsafe(12)
        admin = console.create_admin(
            session,
            actor=DEMO_ACTOR,
            email=f"owner-{tenant.id.lower()}@demo.example",
            password=password,
        )
        return {
            "console_email": admin.email,
            "console_password": password,
            "tenant_id": tenant.id,
            "api_key": key.secret,
            "client_id": client.client.id,
            "client_secret": client.secret,
        }
