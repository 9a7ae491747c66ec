"""`Gigkit.call` as docs/sdk.md promises it: an Idempotency-Key on every POST (the money
operations' required one too), a dict body, the async calls, typed results, py.typed."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from gigkit_client.api.escrow import create_deposit, get_deposit
from gigkit_client.api.parties import create_employer, create_worker, get_worker, list_workers
from gigkit_client.models import Deposit, DepositCreate, Worker, WorkerCreate
from gigkit_client.types import UNSET
from gigkit_sdk import Gigkit

from tests.helpers import employer_body, id_card_number, mobile
from tests.live import BIN, ROOT

SDK = ROOT / "sdk"


class Recorder(httpx.BaseTransport):
    """The real transport, remembering each request's Idempotency-Key."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.keys: list[str | None] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.keys.append(request.headers.get("Idempotency-Key"))
        return self.inner.handle_request(request)


def _gk(live: dict[str, Any], **kwargs: Any) -> Gigkit:
    return Gigkit(live["server"].base, api_key=live["tenant"]["api_key"], **kwargs)


def _worker_fields() -> dict[str, Any]:
    return {"name": "陈伟", "mobile": mobile(), "id_card_number": id_card_number()}


def test_money_operations_get_an_idempotency_key_unless_given(live: dict[str, Any]) -> None:
    recorder = Recorder()
    with _gk(live, transport=recorder) as gk:
        employer = gk.call(create_employer, body=employer_body())
        body = DepositCreate(employer_id=employer.id, amount=28000, currency="CNY")
        first = gk.call(create_deposit, body=body)  # the generated signature requires a key
        unset = gk.call(create_deposit, body=body, idempotency_key=UNSET)
        mine = str(uuid.uuid4())
        given = gk.call(create_deposit, body=body, idempotency_key=mine)
        replayed = gk.call(create_deposit, body=body, idempotency_key=mine)
    assert isinstance(first, Deposit) and first.amount == 28000
    generated = recorder.keys[1:3]
    assert all(uuid.UUID(str(k)) for k in generated) and generated[0] != generated[1]
    assert recorder.keys[3:] == [mine, mine]
    assert replayed.id == given.id != first.id != unset.id


def test_a_dict_body_becomes_the_operations_model(live: dict[str, Any]) -> None:
    with _gk(live) as gk:
        worker = gk.call(create_worker, body={**_worker_fields(), "skills": ["sewing"]})
        assert isinstance(worker, Worker) and worker.skills == ["sewing"]
        employer = gk.call(create_employer, body=employer_body())
        deposit = gk.call(
            create_deposit, body={"employer_id": employer.id, "amount": 28000, "currency": "CNY"}
        )
        assert gk.call(get_deposit, deposit_id=deposit.id).amount == 28000
        with pytest.raises(TypeError, match=r"create_worker: body is missing .*'mobile'"):
            gk.call(create_worker, body={"name": "陈伟"})
        with pytest.raises(TypeError, match="not a generated operation"):
            gk.call(object(), body={})  # type: ignore[arg-type]


def test_the_async_calls_use_the_sdks_credentials(live: dict[str, Any]) -> None:
    async def scenario() -> tuple[Worker, Worker, list[str]]:
        async with _gk(live) as gk:
            made = await create_worker.asyncio(
                client=gk.client, body=WorkerCreate(**_worker_fields())
            )
            assert isinstance(made, Worker), made
            fetched = await gk.acall(get_worker, worker_id=made.id)
            ids = [w.id async for w in gk.apaginate(list_workers, limit=2)]
            return made, fetched, ids

    made, fetched, ids = asyncio.run(scenario())
    assert fetched.id == made.id and made.id in ids


SAMPLE = """\
import asyncio

from gigkit_client.api.escrow import create_deposit
from gigkit_client.api.parties import create_worker, list_workers
from gigkit_sdk import AsyncGigkit, Gigkit

gk = Gigkit("http://127.0.0.1:8000", api_key="gk_test_x")
worker = gk.call(create_worker, body={"name": "Chen Wei"})
print(worker.name.upper(), worker.id)
deposit = gk.call(create_deposit, body={"amount": 28000})
print(deposit.amount + 1)
for each in gk.paginate(list_workers):
    print(each.mobile)
hold = gk.escrow.create_hold(employer_id="emp_1", amount=28000, currency="CNY")
print(hold.amount + 1, gk.holds.release(hold.id, worker_id=worker.id).amount)
print(sum(w.name.count("a") for w in gk.workers.list(skill="sewing")))
print(gk.payouts.get("po_1").destination_masked)


async def main() -> None:
    async with AsyncGigkit("http://127.0.0.1:8000", api_key="gk_test_x") as agk:
        made = await agk.workers.create(name="Chen", mobile="1", id_card_number="x")
        print([w.id async for w in agk.workers.list()], made.id)
        print(made.nmae)


asyncio.run(main())
print(worker.nmae)
gk.escrow.create_hold(employer_id="emp_1", amount="280.00", currency="CNY")
gk.payouts.gett("po_1")
"""

EXPECTED = [
    'sample.py:24: error: "Worker" has no attribute "nmae"  [attr-defined]',
    'sample.py:28: error: "Worker" has no attribute "nmae"  [attr-defined]',
    'sample.py:29: error: Argument "amount" to "create_hold" of "Escrow" has incompatible type'
    ' "str"; expected "int"  [arg-type]',
    'sample.py:30: error: "Payouts" has no attribute "gett"; maybe "get"?  [attr-defined]',
]


def test_mypy_checks_code_that_uses_the_sdk(tmp_path: Path) -> None:
    """Typed results, arguments and methods, sync and async: only the mistakes are errors
    under --strict (a misspelt attribute, a wrong type, a misspelt method)."""
    program = tmp_path / "sample.py"
    program.write_text(SAMPLE)
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--follow-imports=silent", "sample.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(SDK), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == EXPECTED, result.stdout + result.stderr


def test_the_sdk_its_example_and_its_guide_pass_mypy_strict(tmp_path: Path) -> None:
    """The generated resource methods agree with the generated client they call, and the
    example program and docs/sdk.md's code (its blocks in order, one program) type (the
    generated client's own code is not ours: silenced)."""
    guide = tmp_path / "sdk_md.py"
    guide.write_text(
        "\n".join(re.findall(r"```python\n(.*?)```", (ROOT / "docs/sdk.md").read_text(), re.S))
    )
    result = subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(SDK / "gigkit_sdk"),
            str(ROOT / "examples" / "seed_day.py"),
            str(guide),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(SDK), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_both_packages_ship_py_typed(tmp_path: Path) -> None:
    """What `pip install ./sdk` installs marks both packages as typed (PEP 561): setuptools'
    build of the packages, with their package data, has both markers."""
    source = tmp_path / "sdk"  # (a build leaves build/ and *.egg-info beside the sources)
    shutil.copytree(
        SDK, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info")
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "--build-lib",
            str(tmp_path / "lib"),
        ],
        cwd=source,
        check=True,
        capture_output=True,
    )
    built = {p.relative_to(tmp_path / "lib").as_posix() for p in (tmp_path / "lib").rglob("*")}
    assert {"gigkit_client/py.typed", "gigkit_sdk/py.typed"} <= built
