"""Real processes for fault-injection tests: `gigkit worker`s started with a test app's
settings, and a private `redis-server` that a test may stop and start again."""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from tests.conftest import unavailable


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment a deployed `gigkit worker` would have, for these settings."""
    keys = ",".join(f"{kid}:{_b64(key)}" for kid, key in settings.encryption_keys.items())
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": str(settings.redis_url),
        "GIGKIT_QUEUE": settings.queue_name,
        "GIGKIT_INSTANCE_PATH": str(settings.instance_path),
        "GIGKIT_SECRET_KEY": _b64(settings.secret_key),
        "GIGKIT_ENCRYPTION_KEYS": keys,
        "GIGKIT_BLIND_INDEX_KEY": _b64(settings.blind_index_key),
        "GIGKIT_SIGNING_KEYS": ",".join(
            f"{kid}:{_b64(seed)}" for kid, seed in settings.signing_keys.items()
        ),
        "GIGKIT_PUBLIC_URL": settings.public_url,
        "GIGKIT_LOG_LEVEL": "WARNING",
        "GIGKIT_WEBHOOK_ALLOW_PRIVATE": "1" if settings.webhook_allow_private else "0",
        "GIGKIT_WEBHOOK_TIMEOUT": str(settings.webhook_timeout),
        "GIGKIT_WEBHOOK_TICK_SECONDS": str(settings.webhook_tick_seconds),
        "GIGKIT_WEBHOOK_OVERDUE_SECONDS": str(settings.webhook_overdue_seconds),
        **extra,
    }


def start_worker(
    env: dict[str, str], log: Path, *args: str, nice: int = 0
) -> subprocess.Popen[bytes]:
    """`gigkit worker [args]` (e.g. `--queue documents`), at a lower CPU priority if `nice`."""
    gigkit = str(Path(sys.executable).with_name("gigkit"))
    prefix = ["nice", "-n", str(nice)] if nice else []
    with log.open("ab") as out:
        # its own process group: a kill takes the RQ work-horse child down with it
        return subprocess.Popen(
            [*prefix, gigkit, "worker", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the process, its group, and its children: RQ's work horses run in sessions of
    their own, so the group alone would leave a horse running."""
    if process.poll() is None:
        subprocess.run(["pkill", "-KILL", "-P", str(process.pid)], check=False)
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting until {what}; worker log:\n{log.read_text()[-3000:]}")


class RedisServer:
    """A throw-away redis-server on a free port, without persistence: stopping it loses
    every queued job, the worst case for anything that relies on the queue."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server", "not on PATH")
        self.binary = str(binary)
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = {"port": str(self.port), "bind": "127.0.0.1", "save": "", "appendonly": "no"}
        self.process = subprocess.Popen(
            [self.binary, "--dir", str(self.directory)]
            + [part for name, value in options.items() for part in (f"--{name}", value)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def release_scheduler_locks(runner: Any) -> None:
    """Drop the RQ schedulers' locks on a test app's queues: a killed worker's scheduler
    would otherwise hold them for 61 s."""
    for queue in runner.worker_queues():
        queue.connection.delete(f"rq:scheduler-lock:{queue.name}")


def reset_queues(runner: Any) -> None:
    """Empty a test app's RQ queues and release their schedulers' locks."""
    for queue in runner.worker_queues():
        queue.empty()
    release_scheduler_locks(runner)
