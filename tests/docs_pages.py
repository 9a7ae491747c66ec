"""The guides' samples as a reader pastes them: every ```bash, ```sh, ```console and
```python block of a page, in order, in one terminal and one Python session.

- A shell block runs in bash with `set -euo pipefail`; what it sets (variables, functions)
  is there for the next block and for Python (`set -a` exports it), as in one terminal.
  A `console` block is a transcript: its `$ ` lines run, the rest is what they printed.
- A Python block runs in the page's one namespace, as pasted into one `python -i`, with the
  environment the shell blocks left; a shell block sees what Python put in `os.environ`.
- A JSON problem (`"status": 4xx/5xx`) printed by a shell block fails the page, unless the
  block shows an error on purpose.

A block is run unless an HTML comment (invisible on the page) just above its fence says
otherwise, with a reason:

    <!-- docs-test: skip: <why it cannot run here, and what tests it instead> -->
    <!-- docs-test: expect-error -->   (prints a problem on purpose)
    <!-- docs-test: background -->     (a server: started in the background, stopped at
                                        the end of the page)
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN = ("bash", "sh", "console", "python")
FENCE = re.compile(
    r"(?:^<!-- docs-test: (?P<marker>[^\n]*?) -->\n)?"
    r"^(?P<indent>[ ]*)```(?P<kind>\w*)\n(?P<code>.*?)^(?P=indent)```",
    re.S | re.M,
)
MARKERS = ("skip", "expect-error", "background")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    kind: str
    code: str
    marker: str = ""

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def skipped(self) -> bool:
        return self.marker.startswith("skip")


def blocks(page: Path) -> list[Block]:
    """The page's runnable blocks (bash, sh, console, python), in order, with markers."""
    text = page.read_text()
    name = str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else page.name
    found = []
    for match in FENCE.finditer(text):
        if match["kind"] not in RUN:
            continue
        line = text.count("\n", 0, match.start("indent")) + 1
        code = textwrap.dedent(match["code"])
        found.append(Block(name, line, match["kind"], code, (match["marker"] or "").strip()))
    return found


def bad_markers(page: Path) -> list[str]:
    """Markers that are not understood, skips without a reason, markers on no block."""
    text = page.read_text()
    fences = list(FENCE.finditer(text))
    marked = {m.start() for m in fences if m["marker"]}
    shown = [m.span("code") for m in fences]  # (a marker shown inside a block is text)
    bad = []
    for match in re.finditer(r"^<!-- docs-test: ([^\n]*?) -->$", text, re.M):
        word = match[1].split(":")[0].strip()
        if any(start <= match.start() < end for start, end in shown):
            continue
        if match.start() not in marked:
            bad.append(f"not just above a fence: {match[0]}")
        elif word not in MARKERS:
            bad.append(f"unknown: {match[0]}")
        elif word == "skip" and len(match[1].split(":", 1)[-1].strip()) < 10:
            bad.append(f"a skip says why: {match[0]}")
    return bad


def console_commands(code: str) -> str:
    """A transcript's commands: the `$ ` lines and their `\\` continuations."""
    commands, continued = [], False
    for line in code.splitlines():
        if line.startswith("$ ") or continued:
            commands.append(line[2:] if line.startswith("$ ") else line)
            continued = line.endswith("\\")
    return "\n".join(commands)


def json_objects(output: str) -> list[Any]:
    """Every JSON object printed (curl prints no newline after a body: they may touch)."""
    decoder, found, at = json.JSONDecoder(), [], output.find("{")
    while at != -1:
        try:
            value, end = decoder.raw_decode(output, at)
        except ValueError:
            at = output.find("{", at + 1)
            continue
        found.append(value)
        at = output.find("{", end)
    return found


def problems(output: str) -> list[dict[str, Any]]:
    """The problem documents (RFC 9457) among them: an error answered."""
    return [
        x
        for x in json_objects(output)
        if isinstance(x, dict)
        and "type" in x
        and isinstance(x.get("status"), int)
        and x["status"] >= 400
    ]


class Page:
    """One reader's terminal and Python session for a page, in a directory of its own."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = dict(env)
        self.cwd = cwd
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.background: list[subprocess.Popen[bytes]] = []
        self.output: list[str] = []

    def run(self, block: Block) -> str:
        if block.marker == "background":
            self._start(block)
            return ""
        if block.kind == "python":
            output = self._python(block)
        else:
            code = console_commands(block.code) if block.kind == "console" else block.code
            output = self._shell(block, code)
        if block.marker != "expect-error" and problems(output):
            raise AssertionError(f"{block.where} printed a problem:\n{block.code}\n{output}")
        self.output.append(output)
        return output

    def _shell(self, block: Block, code: str) -> str:
        script = f"{_RESTORE}\nset -euo pipefail -a\n{code}\n{_SAVE}\n"
        result = subprocess.run(
            ["bash", "-c", script],
            env={**self.env, "__DOCS_TEST_STATE": str(self.cwd / ".docs-test")},
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if result.returncode:
            raise AssertionError(
                f"{block.where} failed ({result.returncode}):\n{code}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        exported = (self.cwd / ".docs-test.env").read_text().split("\0")
        pairs = (x.split("=", 1) for x in exported if "=" in x)
        self.env = {k: v for k, v in pairs if k not in ("__DOCS_TEST_STATE", "_", "SHLVL", "PWD")}
        return result.stdout

    def _python(self, block: Block) -> str:
        printed = StringIO()
        with _environ(self.env), _cwd(self.cwd), redirect_stdout(printed), _deadline(180):
            try:
                exec(compile(block.code, block.where, "exec"), self.namespace)
            except BaseException as exc:  # (SystemExit too: a sample that exits failed)
                raise AssertionError(
                    f"{block.where} failed:\n{block.code}\n{printed.getvalue()}"
                ) from exc
            self.env = dict(os.environ)
        return printed.getvalue()

    def _start(self, block: Block) -> None:
        command = (
            [sys.executable, "-c", block.code]
            if block.kind == "python"
            else ["bash", "-c", f"set -euo pipefail\n{block.code}"]
        )
        log = (self.cwd / f"background-{block.line}.log").open("wb")
        self.background.append(
            subprocess.Popen(
                command,
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        time.sleep(0.5)
        if self.background[-1].poll() is not None:
            raise AssertionError(f"{block.where} exited at once:\n{log.name}")

    def close(self) -> None:
        for process in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)


# A terminal keeps arrays and functions, which the environment cannot carry: each shell block
# starts with what the one before left (`declare -p`, `declare -f`), and leaves the exported
# environment for Python.
_RESTORE = '[ -f "$__DOCS_TEST_STATE.sh" ] && source "$__DOCS_TEST_STATE.sh"'
_SAVE = """set +x
for __n in $(compgen -v); do
  case $__n in BASH*|FUNCNAME|PIPESTATUS|GROUPS|DIRSTACK|EUID|PPID|SHELLOPTS|UID|SHLVL|PWD|\\
    OLDPWD|_|RANDOM|SRANDOM|LINENO|SECONDS|EPOCH*|COMP*|HIST*|__*) ;;
    *) declare -p "$__n" ;;
  esac
done > "$__DOCS_TEST_STATE.sh"
declare -f >> "$__DOCS_TEST_STATE.sh"
env -0 > "$__DOCS_TEST_STATE.env"
"""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """A sample that waits forever (for a webhook that never comes) fails instead."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _environ(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)
