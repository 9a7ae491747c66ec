"""PgBouncer in front of the test PostgreSQL server, for tests and drills that prove gigkit
runs behind a transaction pooler: `pgbouncer(...)` starts Debian's `pgbouncer` on a free
loopback port in transaction mode (trust auth, like the server here) with a deliberately
small pool, so connections pass from one tenant's transaction to another's all the time."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.live import free_port

PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)


@contextmanager
def pgbouncer(server_url: str, users: list[str], pool_size: int = 2) -> Iterator[int]:
    """PgBouncer (transaction mode, `pool_size` server connections per database and user)
    forwarding every database of `server_url`'s server; yields its port."""
    assert PGBOUNCER, "pgbouncer is not installed (apt-get install pgbouncer)"
    server = make_url(server_url)
    work = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    os.chmod(work, 0o777)  # it drops to the postgres user when started as root
    port = free_port()
    (work / "users.txt").write_text("".join(f'"{user}" ""\n' for user in users))
    (work / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={server.host or "127.0.0.1"} port={server.port or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {work}/users.txt
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 500
logfile = {work}/pgbouncer.log
"""
    )
    command = [PGBOUNCER, str(work / "pgbouncer.ini")]
    if os.geteuid() == 0:  # it refuses to run as root
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while "listening on" not in _read(work / "pgbouncer.log"):
            assert process.poll() is None, _read(work / "pgbouncer.log")
            assert time.monotonic() < deadline, "pgbouncer did not start"
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""
