"""Contract PDF rendering: what a PDF costs at the size limit, and the layout's cost curve.

    .venv/bin/python -m bench.pdf [--passes 3]

For each shape of document (one long Chinese paragraph, many short lines, ordinary
paragraphs) it renders a tenth of the limit and the limit itself (30,000 characters or
2,000 lines), and prints seconds per PDF and the ratio of time per character at the limit
to time per character at a tenth: 1.0 is linear, 10 would be quadratic. It also renders the
many-lines document the way the renderer used to (a paragraph as one flowable, re-wrapped
from its start at every page break) and prints old/new time, measured in the same run.

No timing is asserted anywhere: the machine is shared and noisy, only same-run ratios mean
anything (see ../shared/reference/performance-anchors.md).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.signing import documents, pdf

CLAUSE = "甲方用工单位与乙方劳动者根据民法典等法律法规，就临时劳务事宜达成如下协议。"
CERTIFICATE = pdf.Certificate(
    contract_id="ctr_01m8h45kdxqf2ynbr6ke6qk468",
    title="bench",
    status="draft",
    document_sha256="0" * 64,
    chain_hash="1" * 64,
    seal=None,
    seal_key_id=None,
    completed_at=None,
    signers=[],
)


def one_paragraph(chars: int) -> str:
    return (CLAUSE * (chars // len(CLAUSE) + 1))[:chars]


def short_lines(lines: int) -> str:
    return "\n".join(CLAUSE[:12] for _ in range(lines))


def paragraphs(chars: int) -> str:
    return "\n\n".join(one_paragraph(600) for _ in range(max(1, chars // 602)))


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "one paragraph": (one_paragraph, documents.MAX_DOCUMENT_CHARS),
    "short lines": (short_lines, documents.MAX_LINES - 1),
    "paragraphs": (paragraphs, documents.MAX_DOCUMENT_CHARS),
}


def render(text: str) -> float:
    started = time.perf_counter()
    pdf.render(text, title="bench", locale="zh-CN", certificate=CERTIFICATE)
    return time.perf_counter() - started


def render_old_layout(text: str) -> float:
    """The layout before: each paragraph one flowable, its lines joined with <br/>."""
    original = pdf._lines
    pdf._lines = lambda paragraph: [pdf._para(paragraph, pdf._BODY)]  # type: ignore[assignment]
    try:
        return render(text)
    finally:
        pdf._lines = original  # type: ignore[assignment]


@dataclass(frozen=True)
class Shape:
    name: str
    small_s: float
    limit_s: float
    growth: float  # time per unit at the limit / time per unit at a tenth


def run(passes: int = 3, scale: float = 1.0) -> dict[str, Any]:
    shapes = []
    for name, (make, limit) in SHAPES.items():
        size = max(10, int(limit * scale))
        small_text, limit_text = make(size // 10), make(size)
        small = statistics.median(render(small_text) for _ in range(passes))
        full = statistics.median(render(limit_text) for _ in range(passes))
        growth = (full / len(limit_text)) / (small / len(small_text))
        shapes.append(Shape(name, small, full, growth))
    lines = short_lines(max(10, int(500 * scale)))  # the old layout is quadratic: keep it small
    old = statistics.median(render_old_layout(lines) for _ in range(passes))
    new = statistics.median(render(lines) for _ in range(passes))
    return {"shapes": shapes, "old_s": old, "new_s": new, "old_over_new": old / new}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    result = run(args.passes)
    print("contract PDF rendering (median of passes)")
    print(f"{'document':<14} {'at 1/10 (s)':>12} {'at limit (s)':>13} {'per-char growth':>16}")
    for shape in result["shapes"]:
        print(
            f"{shape.name:<14} {shape.small_s:>12.3f} {shape.limit_s:>13.3f} {shape.growth:>16.2f}"
        )
    print(
        f"500 short lines in one paragraph: old layout {result['old_s']:.2f} s, "
        f"new {result['new_s']:.2f} s, old/new {result['old_over_new']:.1f}"
    )


if __name__ == "__main__":
    main()
