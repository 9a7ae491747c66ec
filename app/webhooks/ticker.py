"""A daemon thread that runs `service.tick` every few seconds: relays the outbox and
restarts deliveries whose job was lost. `gigkit worker` runs one (so does `gigkit run` in
the embedded mode, where there is no worker); several at once are harmless."""

from __future__ import annotations

import logging
import threading
from typing import Any

from app.webhooks import service

log = logging.getLogger(__name__)


def start(database: Any, *, every: float) -> threading.Event:
    """Start ticking; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                service.tick(database)
            except Exception:  # Redis or the database away: try again next time
                log.exception("webhook tick failed")

    threading.Thread(target=loop, name="gigkit-webhook-tick", daemon=True).start()
    return stop
