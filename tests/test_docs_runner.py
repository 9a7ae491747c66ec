"""The docs' runner (tests/docs_pages.py) fails a page the way a reader would see it fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import docs_pages
from tests.docs_pages import Page

FENCE = "```"


def _page(tmp_path: Path, text: str) -> list[docs_pages.Block]:
    page = tmp_path / "page.md"
    page.write_text(text.replace("'''", FENCE))
    return docs_pages.blocks(page)


def _run(tmp_path: Path, text: str) -> Page:
    reader = Page({"PATH": os.environ["PATH"]}, tmp_path)
    try:
        for block in _page(tmp_path, text):
            if not block.skipped:
                reader.run(block)
    finally:
        reader.close()
    return reader


def test_shell_state_carries_to_the_next_block_and_to_python(tmp_path: Path) -> None:
    reader = _run(
        tmp_path,
        """
'''bash
H=(-H "A: b")
greet() { echo "hi $1"; }
N=7
'''
text
'''bash
echo "${H[1]} $(greet you) $N"
'''
'''python
import os
print(int(os.environ["N"]) * 6)
os.environ["M"] = "from python"
'''
'''console
$ echo "$M" \\
    and more
output, not run
'''
""",
    )
    assert reader.output == ["", "A: b hi you 7\n", "42\n", "from python and more\n"]


def test_a_failing_command_or_exception_fails_the_page(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="failed"):
        _run(tmp_path, "'''bash\nfalse\necho never\n'''\n")
    with pytest.raises(AssertionError, match="failed"):
        _run(tmp_path, "'''python\nundefined_name\n'''\n")


def test_a_printed_problem_fails_unless_expected(tmp_path: Path) -> None:
    problem = """echo '{"type": "x", "status": 409, "code": "employer_exists"}'"""
    with pytest.raises(AssertionError, match="printed a problem"):
        _run(tmp_path, f"'''bash\n{problem}\n'''\n")
    _run(tmp_path, f"<!-- docs-test: expect-error -->\n'''bash\n{problem}\n'''\n")
    _run(tmp_path, """'''bash\necho '{"status": 200}'\n'''\n""")


def test_skips_need_a_reason_and_markers_a_fence(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- docs-test: skip -->\n```bash\nfalse\n```\n"
        "<!-- docs-test: skip: a reason long enough -->\n```bash\nfalse\n```\n"
        "<!-- docs-test: run-twice -->\n```bash\ntrue\n```\n"
        "<!-- docs-test: expect-error -->\n\ntext\n"
    )
    bad = docs_pages.bad_markers(page)
    assert [b.split(":")[0] for b in bad] == [
        "a skip says why",
        "unknown",
        "not just above a fence",
    ]


def test_a_background_block_serves_until_the_page_ends(tmp_path: Path) -> None:
    reader = _run(
        tmp_path,
        "<!-- docs-test: background -->\n'''bash\necho $$ > pid; sleep 60\n'''\n"
        "'''bash\ntest -s pid\n'''\n",
    )
    pid = int((tmp_path / "pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert reader.background[0].returncode is not None


def test_a_python_sample_that_never_ends_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadline = docs_pages._deadline
    monkeypatch.setattr(docs_pages, "_deadline", lambda _: deadline(1))
    with pytest.raises(AssertionError, match="failed") as failed:
        _run(tmp_path, "'''python\nimport time\ntime.sleep(30)\n'''\n")
    assert isinstance(failed.value.__cause__, TimeoutError)
