"""A live server for the SDK tests, one for the package (a server costs seconds to start);
each module gets a tenant of its own (admin API key) and an OAuth client, as when each
module started its own server: nothing one module makes is seen by another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live import Server, TenantPool, copy_database, running_server, server_env


@pytest.fixture(scope="package")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Server, TenantPool]]:
    instance = tmp_path_factory.mktemp("sdk")
    copy_database(sqlite_template, instance)
    env = server_env(instance)
    tenants = TenantPool(env, client_scopes="parties:read parties:write")
    tenants.start()  # while the server starts
    with running_server(env) as server:
        yield server, tenants


@pytest.fixture(scope="module")
def live(site: tuple[Server, TenantPool]) -> dict[str, Any]:
    server, tenants = site
    return {"server": server, **tenants.take()}
