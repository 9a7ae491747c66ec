"""A real gigkit server in a subprocess, on a free loopback port (e2e, SDK, fuzzing tests)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    try:
        for _ in range(200):
            try:
                if http("GET", base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("gigkit run did not start")
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
