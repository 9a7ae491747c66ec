"""docs/sdk.md covers each topic (tests/test_docs_run.py runs its examples)."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC = DOCS / "sdk.md"


def _python_blocks(doc: Path = DOC) -> list[str]:
    return re.findall(r"```python\n(.*?)```", doc.read_text(), flags=re.S)


def test_the_page_has_examples_for_each_topic() -> None:
    text = "\n".join(_python_blocks())
    for needle in ("api_key=", "client_id=", "gk.paginate(", "idempotency_key=", "max_retries="):
        assert needle in text
