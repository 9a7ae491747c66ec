"""Schemathesis over the whole spec, every default check, fixed seed, two tenants.

A real server (`gigkit run`) on a loopback port, on each database; two tenants whose admin
API keys are the two identities that must not see each other's objects (the
`object_level_authorization` check), and an OAuth client for the `/oauth/*` operations.
All four phases run: examples, coverage (boundary and negative values), fuzzing and
stateful sequences inferred from the responses. Zero failures allowed.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RUN_ID, Postgres
from tests.helpers import employer_body, worker_body
from tests.live import (
    BIN,
    ROOT,
    Server,
    TenantPool,
    copy_database,
    http,
    running_server,
    server_env,
)

CONFIG = Path(__file__).parent / "schemathesis.toml"
# Examples per operation in the fuzzing and stateful phases. PostgreSQL, the production
# database, gets the full run: it is where types, lengths, NUL bytes, constraints and
# row-level security are enforced. The embedded SQLite gets fewer: the API's validation is
# the same code on both, and the examples and coverage phases (every boundary and negative
# value of every operation) run in full on both whatever this number is. On SQLite, 8
# instead of 20 took the fuzzing phase from 70 s to 55 s and the stateful one from 7 s to
# 4 s (27 scenarios to 9), measured back to back (2026-12-04). See docs/testing.md.
MAX_EXAMPLES = {"postgresql": 20, "sqlite": 8}
SEED = 1


@pytest.fixture(params=["sqlite", "postgresql"])
def fuzz_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, dict[str, str]]]:
    """The server's environment, on a database of its own (migrated, empty). Not the
    suite's PostgreSQL database: by this test it holds the tenants of a thousand tests,
    and the server's periodic tasks, which visit every tenant every few seconds, share its
    process with the requests. With 1,500 tenants the PostgreSQL run took 358 s (258 s of
    CPU) there and 125 s (125 s of CPU) on its own database (2026-12-04)."""
    if request.param == "postgresql":
        pg: Postgres = request.getfixturevalue("postgres")
        with pg.fresh_database(f"gigkit_fuzz_{RUN_ID}") as (owner_url, app_url):
            yield request.param, server_env(tmp_path, app_url, owner_url)
    else:
        copy_database(request.getfixturevalue("sqlite_template"), tmp_path)
        yield request.param, server_env(tmp_path)


@pytest.fixture()
def fuzz_target(
    fuzz_database: tuple[str, dict[str, str]], tmp_path: Path
) -> Iterator[dict[str, Any]]:
    backend, env = fuzz_database
    env.update(GIGKIT_RATE_LIMIT_TEST="100000/second", GIGKIT_RATE_LIMIT_PUBLIC="100000/second")
    pool = TenantPool(env, client_scopes="parties:read parties:write", batch=2)
    pool.start()  # while the server starts
    with running_server(env) as server:
        made = [pool.take(), pool.take()]  # B's OAuth client is not used
        tenants, client = [m["tenant"] for m in made], made[0]["client"]
        protected = [client["client_id"]]
        for tenant in tenants:  # some data to find, and the ids the run must not revoke
            token = tenant["api_key"]
            http("POST", server.base + "/v1/workers", token=token, body=worker_body())
            http("POST", server.base + "/v1/employers", token=token, body=employer_body())
            protected.append(
                http("GET", server.base + "/v1/api-keys", token=token)[2]["data"][0]["id"]
            )
        yield {
            "server": server,
            "tenants": tenants,
            "client": client,
            "protected": protected,
            "dir": tmp_path,
            "max_examples": MAX_EXAMPLES[backend],
        }


def _run_schemathesis(target: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    server: Server = target["server"]
    wfc = target["dir"] / "wfc.json"
    wfc.write_text(
        json.dumps(
            {
                "auth": [
                    {
                        "name": name,
                        "fixedHeaders": [
                            {"name": "Authorization", "value": f"Bearer {t['api_key']}"}
                        ],
                    }
                    for name, t in zip(("tenant_a", "tenant_b"), target["tenants"], strict=True)
                ]
            }
        )
    )
    client = target["client"]
    env = {
        **server.env,
        "ST_WFC_PATH": str(wfc),
        "SCHEMATHESIS_HOOKS": "tests.guardrails.st_hooks",
        "GIGKIT_ST_OAUTH_BASIC": f"{client['client_id']}:{client['client_secret']}",
        "GIGKIT_ST_PROTECTED_IDS": ",".join(target["protected"]),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [
            str(BIN / "schemathesis"),
            "--config-file",
            str(CONFIG),
            "run",
            f"{server.base}/openapi.json",
            "--seed",
            str(SEED),
            "--max-examples",
            str(target["max_examples"]),
            "--generation-database",
            "none",
            "--no-color",
        ],
        env=env,
        cwd=target["dir"],  # schemathesis writes a cache where it runs
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _failures(output: str) -> str:
    """The failures section (operations, checks, responses, curl), without the noise."""
    start = output.find("FAILURES")
    end = output.find("SUMMARY")
    return output[start:end][:20000] if start >= 0 else output[-8000:]


def test_schemathesis_finds_nothing(fuzz_target: dict[str, Any]) -> None:
    result = _run_schemathesis(fuzz_target)
    output = result.stdout + result.stderr
    (fuzz_target["dir"] / "schemathesis.txt").write_text(output)
    assert result.returncode == 0, _failures(output)
    spec = http("GET", fuzz_target["server"].base + "/openapi.json")[2]
    operations = sum(
        1
        for item in spec["paths"].values()
        for m in item
        if m in ("get", "post", "patch", "delete")
    )
    assert re.search(rf"Tested:\s+{operations}\b", output), output[-4000:]
    # a green run that never got past authentication would prove nothing
    assert "Authentication failed" not in output, output[-4000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert re.search(rf"✅ {phase}", output), f"{phase} did not pass:\n{output[-4000:]}"
