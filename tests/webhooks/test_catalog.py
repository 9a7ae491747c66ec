"""docs/webhooks.md lists every event type the code declares, so a new event cannot ship
undocumented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core import events

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def test_every_event_type_is_in_the_webhooks_guide(app: Any) -> None:  # app: every block loaded
    text = DOC.read_text()
    missing = [t for t in sorted(events.TYPES) if f"| `{t}` |" not in text]
    assert missing == [], f"add these to docs/webhooks.md §4: {missing}"
    assert len(events.TYPES) >= 26
