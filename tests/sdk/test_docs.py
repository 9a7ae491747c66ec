"""docs/sdk.md's examples, executed in order against a live server, as a reader would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "sdk.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_the_page_has_examples_for_each_topic() -> None:
    text = "\n".join(_python_blocks())
    for needle in ("api_key=", "client_id=", "gk.paginate(", "idempotency_key=", "max_retries="):
        assert needle in text


def test_sdk_page_examples_run(live: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIGKIT_URL", live["server"].base)
    monkeypatch.setenv("GIGKIT_API_KEY", live["tenant"]["api_key"])
    monkeypatch.setenv("GIGKIT_CLIENT_ID", live["client"]["client_id"])
    monkeypatch.setenv("GIGKIT_CLIENT_SECRET", live["client"]["client_secret"])
    namespace: dict[str, Any] = {"__name__": "sdk_docs"}
    for number, block in enumerate(_python_blocks(), 1):
        try:
            exec(compile(block, f"docs/sdk.md block {number}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"docs/sdk.md python block {number} failed:\n{block}") from exc
