"""A live server for the SDK tests: one tenant (admin API key) and an OAuth client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.live import gigkit, running_server, server_env


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    env = server_env(tmp_path_factory.mktemp("sdk"))
    gigkit(env, "db", "upgrade")
    tenant = json.loads(gigkit(env, "tenant", "create", "--name", "SDK", "--json"))
    client = json.loads(
        gigkit(
            env,
            "oauth-client",
            "create",
            "--tenant",
            tenant["tenant_id"],
            "--scopes",
            "parties:read parties:write",
            "--json",
        )
    )
    with running_server(env) as server:
        yield {"server": server, "tenant": tenant, "client": client}
