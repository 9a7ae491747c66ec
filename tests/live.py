"""A real gigkit server in a subprocess, on a free loopback port (e2e, SDK, fuzzing tests)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
SECRETS = {
    "GIGKIT_SECRET_KEY": "A" * 43,
    "GIGKIT_ENCRYPTION_KEYS": "k1:" + "B" * 43,
    "GIGKIT_BLIND_INDEX_KEY": "C" * 43,
    "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(
    instance: Path, database_url: str = "", migrations_url: str = "", **extra: str
) -> dict[str, str]:
    """Environment for the `gigkit` command: embedded SQLite unless a URL is given."""
    env = {
        **os.environ,
        "GIGKIT_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "MIGRATIONS_DATABASE_URL": migrations_url,
        "REDIS_URL": "",
        "GIGKIT_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env.update(SECRETS, GIGKIT_PUBLIC_URL="http://127.0.0.1")
    env.update(extra)
    return env


def copy_database(template: Path, instance: Path) -> None:
    """`instance`'s embedded database (gigkit.db) as `gigkit db upgrade` leaves it, copied
    from one migrated once per run (`sqlite_template` in tests/conftest.py): a second, not
    the three a migration in a new process takes. The migrations themselves are tested in
    tests/guardrails/test_migrations.py, and `gigkit db upgrade` in tests/test_cli.py and
    tests/e2e/test_server.py (`make run` for real)."""
    instance.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(template)) as source,
        closing(sqlite3.connect(instance / "gigkit.db")) as target,
    ):
        source.backup(target)


def gigkit(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "gigkit"), *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"gigkit {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            raw = resp.read()
            status, got = resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        raw, status, got = err.read(), err.code, dict(err.headers)
    try:
        return status, got, json.loads(raw)
    except ValueError:
        return status, got, raw


@dataclass
class Server:
    base: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]


MAKE_TENANTS = """
import json, sys
from app import create_app
from app.core.auth import Actor
from app.tenants import api_keys, oauth_clients, scopes
from app.tenants import service as tenants

count, name, client_scopes = int(sys.argv[1]), sys.argv[2], scopes.parse(sys.argv[3])
database, cli, made = create_app().extensions["gigkit"].database, Actor("cli", None), []
for _ in range(count):
    with database.unit_of_work() as session:
        tenant = tenants.create_tenant(session, name=name, mode="test")
        key = api_keys.create(session, actor=cli, name="admin", scopes=list(scopes.ALL_SCOPES))
        client = oauth_clients.create(session, actor=cli, name="cli client", scopes=client_scopes)
        made.append({
            "tenant": {"tenant_id": tenant.id, "api_key": key.secret},
            "client": {"client_id": client.client.id, "client_secret": client.secret},
        })
print(json.dumps(made))
"""


@dataclass
class TenantPool:
    """Tenants of one server's database, each with an admin API key (`gigkit tenant create`)
    and an OAuth client holding `client_scopes` (`gigkit oauth-client create`), made
    `batch` at a time by one process: each of those commands costs a process start (about
    2.5 s), making a tenant a few milliseconds."""

    env: dict[str, str]
    client_scopes: str
    name: str = "Test market"
    batch: int = 8
    made: list[dict[str, dict[str, str]]] = field(default_factory=list)
    _making: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Begin making a batch in the background (e.g. while the server starts)."""
        if self._making is None:
            self._making = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    MAKE_TENANTS,
                    str(self.batch),
                    self.name,
                    self.client_scopes,
                ],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

    def take(self) -> dict[str, dict[str, str]]:
        """A tenant no one else has used: {"tenant": {tenant_id, api_key}, "client":
        {client_id, client_secret}}, as the two commands' --json print them."""
        if not self.made:
            self.start()
            assert self._making is not None
            out, err = self._making.communicate(timeout=120)
            if self._making.returncode:
                raise RuntimeError(f"making tenants failed:\n{out}{err}")
            self._making = None
            self.made = json.loads(out)
        return self.made.pop()


def _answers(url: str) -> bool:
    try:
        return http("GET", url)[0] == 200
    except OSError:
        return False


@contextmanager
def running_server(
    env: dict[str, str], port: int | None = None, gunicorn: list[str] | None = None
) -> Iterator[Server]:
    """`gigkit run` (or, given `gunicorn`'s options, gunicorn) on a (free) port; waits until
    /healthz answers, stops it afterwards."""
    port = port or free_port()
    if env.get("DATABASE_URL"):  # the links it hands out point at this server
        env = {**env, "GIGKIT_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    command = [str(BIN / "gigkit"), "run", "--port", str(port)]
    if gunicorn is not None:
        command = [str(BIN / "gunicorn"), "app.wsgi:application", "-b", f"127.0.0.1:{port}"]
        command += gunicorn
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a loaded machine (CI, shared cores) starts it slowly
    try:
        while not _answers(base + "/healthz"):
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited ({process.returncode})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer within 60 s")
            time.sleep(0.05)
        yield Server(base, env, process)
    finally:
        process.terminate()
        process.wait(10)


def record_page_problems(page: Any) -> list[str]:
    """A Playwright page's script errors and Content-Security-Policy violations, as they
    happen (console errors included), in the list returned."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return problems
