"""gigkit's engines as separate processes on loopback ports, as several machines would run
them, for the multi-node drill (bench/drill.py): a PostgreSQL server of its own (initdb in a
temporary directory, so that the drill may restart it), Redis, PgBouncer in transaction
mode, N API nodes (gunicorn with deploy/gunicorn.conf.py) behind haproxy, and `gigkit
worker` processes. Each can be killed and started again; `close()` stops them all and
removes every file.

Needs Debian's `postgresql`, `redis-server`, `pgbouncer` and `haproxy` (README). Run as
root, the PostgreSQL server and PgBouncer drop to the `postgres` user (they refuse root).
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.ledger import _fresh_database
from tests.live import free_port
from tests.pooler import pgbouncer

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
# (name, gigkit worker arguments): two serve payouts first, then webhooks; the third the
# webhooks, documents and bookkeeping, with the periodic tasks (the relay's ticker)
WORKERS = (
    ("money-1", ("--queue", "money", "--queue", "webhooks", "--no-schedule")),
    ("money-2", ("--queue", "money", "--queue", "webhooks", "--no-schedule")),
    ("general", ("--queue", "webhooks", "--queue", "housekeeping", "--queue", "documents")),
)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def _as_postgres() -> list[str]:
    """The prefix that runs a PostgreSQL program: as `postgres` when we are root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def wait_until(check: Callable[[], bool], what: str, timeout: float = 60) -> float:
    """Seconds until `check()` (errors count as not yet); RuntimeError after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if check():
                return time.monotonic() - start
        except Exception:  # noqa: S110 (not up yet)
            pass
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting until {what}")


def answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
        return bool(response.status == 200)


class Postgres:
    """A PostgreSQL server of the drill's own: `initdb` in `home`, trust auth on loopback."""

    def __init__(self, home: Path) -> None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=_version)
        if not versions:
            raise RuntimeError("PostgreSQL's server programs are not installed")
        self.bin = versions[-1].parent
        self.data = home / "pgdata"
        self.port = free_port()
        home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(home, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        # no data to keep beyond the drill, but the same durability as production: fsync
        # and synchronous commit stay on; checkpoints spaced as a busy server's would be
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.data}'",
            "max_connections": "300",
            "shared_buffers": "512MB",
            "max_wal_size": "4GB",
            "checkpoint_timeout": "15min",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        """A fast shutdown (every connection dropped, open transactions rolled back), then
        start: what a failover or a minor-version upgrade does to the app."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", *args)

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*_as_postgres(), str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd="/",
        )


def _version(pg_ctl: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in pg_ctl.parent.parent.name.split(".") if part.isdigit())


@dataclass
class Process:
    """One of the cluster's long-running processes, started again by `start()`."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: a kill takes its children too
                cwd=ROOT,
            )
        self.starts += 1

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    """The drill's processes. `start()` brings up the storage tier and a migrated database;
    `start_app()` the API nodes, the load balancer and the workers."""

    home: Path
    nodes: int = 2
    web_workers: int = 2
    postgres: Postgres = field(init=False)
    processes: dict[str, Process] = field(default_factory=dict)
    _stack: ExitStack = field(default_factory=ExitStack)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o755)  # the postgres user reaches its data directory inside
        self.logs = self.home / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.redis_port = free_port()
        self.lb_port = free_port()
        self.node_ports = [free_port() for _ in range(self.nodes)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def start(self) -> None:
        self.postgres = Postgres(self.home / "postgres")
        self.postgres.start()
        self._stack.callback(self.postgres.stop)
        self._add("redis", self._redis_command(), dict(os.environ)).start()
        wait_until(self._redis_up, "Redis answers", 10)
        self.direct_url, _drop = _fresh_database(self.postgres.admin_url)
        app_role = self.direct_url.split("://", 1)[1].split("@", 1)[0]
        bouncer = self._stack.enter_context(pgbouncer(self.direct_url, [app_role], pool_size=20))
        self.pooled_url = self.direct_url.replace(
            f"127.0.0.1:{self.postgres.port}", f"127.0.0.1:{bouncer}"
        )
        self.env = self._env()

    def start_app(self) -> None:
        for number, port in enumerate(self.node_ports, 1):
            env = {
                **self.env,
                "GIGKIT_BIND": f"127.0.0.1:{port}",
                "GIGKIT_WEB_WORKERS": str(self.web_workers),
                "PROMETHEUS_MULTIPROC_DIR": str(self.home / f"metrics-api-{number}"),
            }
            command = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
            self._add(f"api-{number}", [*command, "app.wsgi:application"], env).start()
        for port in self.node_ports:
            wait_until(lambda p=port: answers(f"http://127.0.0.1:{p}/readyz"), "a node is up")
        (self.home / "haproxy.cfg").write_text(self._haproxy_config())
        self._add("haproxy", [HAPROXY, "-f", str(self.home / "haproxy.cfg"), "-db"], self.env)
        self.processes["haproxy"].start()
        wait_until(lambda: answers(f"{self.url}/readyz"), "the load balancer answers")
        gigkit = str(BIN / "gigkit")
        for name, args in WORKERS:
            self._add(f"worker-{name}", [gigkit, "worker", *args], self.env).start()

    def close(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.kill(signal.SIGTERM)
        self._stack.close()

    def _add(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        self.processes[name] = Process(name, command, env, self.logs / f"{name}.log")
        return self.processes[name]

    def _redis_command(self) -> list[str]:
        return [
            shutil.which("redis-server") or "redis-server",
            *("--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""),
            *("--appendonly", "no", "--dir", str(self.home)),
        ]

    def _redis_up(self) -> bool:
        import redis

        return bool(redis.Redis(port=self.redis_port).ping())

    def _env(self) -> dict[str, str]:
        """What every gigkit process of the cluster is given, as a deployment would."""
        return {
            **os.environ,
            "DATABASE_URL": self.pooled_url,
            "GIGKIT_DATABASE_POOLER": "transaction",
            "MIGRATIONS_DATABASE_URL": self.direct_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "GIGKIT_QUEUE": "gigkit",
            "GIGKIT_INSTANCE_PATH": str(self.home / "instance"),
            "GIGKIT_SECRET_KEY": _b64(secrets.token_bytes(32)),
            "GIGKIT_ENCRYPTION_KEYS": f"k1:{_b64(secrets.token_bytes(32))}",
            "GIGKIT_BLIND_INDEX_KEY": _b64(secrets.token_bytes(32)),
            "GIGKIT_SIGNING_KEYS": f"s1:{_b64(secrets.token_bytes(32))}",
            "GIGKIT_PUBLIC_URL": self.url,
            "GIGKIT_RATE_LIMIT_TEST": "1000000/second",  # the limiter runs; it never refuses
            "GIGKIT_READY_MAX_QUEUED": "1000000",
            "GIGKIT_WEBHOOK_ALLOW_PRIVATE": "1",  # the receiver is on loopback (test mode)
            "GIGKIT_WEBHOOK_TICK_SECONDS": "1",
            "GIGKIT_LOG_LEVEL": "WARNING",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }

    def _haproxy_config(self) -> str:
        """Round robin over the nodes, each checked every 500 ms at /healthz (down after 2
        failures); a request whose connection a dead node refused is sent to another
        (`retry-on conn-failure`, `redispatch`); one it had already taken is answered 502."""
        servers = "\n".join(
            f"    server api-{n} 127.0.0.1:{port} check inter 500ms fall 2 rise 2"
            for n, port in enumerate(self.node_ports, 1)
        )
        return f"""global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch
    retry-on conn-failure
frontend api
    bind 127.0.0.1:{self.lb_port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
{servers}
"""


def node_up(cluster: Cluster, name: str) -> Callable[[], bool]:
    port = cluster.node_ports[int(name.rsplit("-", 1)[1]) - 1]
    return lambda: answers(f"http://127.0.0.1:{port}/readyz")


def database_answers(url: str) -> Callable[[], bool]:
    from sqlalchemy import create_engine, text

    def check() -> bool:
        engine = create_engine(url, poolclass=_null_pool())
        try:
            with engine.connect() as conn:
                return conn.execute(text("SELECT 1")).scalar() == 1
        finally:
            engine.dispose()

    return check


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool
