"""docs/sdk.md's examples, executed in order against a live server, as a reader would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC = DOCS / "sdk.md"


def _python_blocks(doc: Path = DOC) -> list[str]:
    return re.findall(r"```python\n(.*?)```", doc.read_text(), flags=re.S)


def test_the_page_has_examples_for_each_topic() -> None:
    text = "\n".join(_python_blocks())
    for needle in ("api_key=", "client_id=", "gk.paginate(", "idempotency_key=", "max_retries="):
        assert needle in text


@pytest.mark.parametrize(
    "page",
    [
        "sdk.md",
        "signing.md",
        "day-of-work.md",
        "payslips-exports.md",
        "insurance.md",
        "test-clocks.md",
        "../sdk/README.md",
    ],
)
def test_sdk_page_examples_run(
    live: dict[str, Any], monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("GIGKIT_URL", live["server"].base)
    monkeypatch.setenv("GIGKIT_API_KEY", live["tenant"]["api_key"])
    monkeypatch.setenv("GIGKIT_CLIENT_ID", live["client"]["client_id"])
    monkeypatch.setenv("GIGKIT_CLIENT_SECRET", live["client"]["client_secret"])
    namespace: dict[str, Any] = {"__name__": "sdk_docs"}
    for number, block in enumerate(_python_blocks(DOCS / page), 1):
        try:
            exec(compile(block, f"docs/{page} block {number}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"docs/{page} python block {number} failed:\n{block}") from exc
