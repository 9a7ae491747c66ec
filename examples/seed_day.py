"""The seed's day through the SDK: a factory pre-funds wages, a worker is engaged at 280.00 CNY
a day, clocks in, clocks out, is settled at once and reads a payslip that names every yuan.

    make demo                                          # on the embedded server (started here)
    GIGKIT_URL=... GIGKIT_API_KEY=... python examples/seed_day.py   # on a server you run

With neither GIGKIT_URL nor --url, it starts the embedded server (`gigkit run` on a free
port, the same SQLite database `make run` uses) with the demo tenant (`gigkit demo`), and
stops it at the end. Each step prints one line; docs/day-of-work.md tells the same story
with a contract and a webhook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from gigkit_client.models import Payout, PayoutAccount, PayTerms, ShiftPlan
from gigkit_sdk import Gigkit
from gigkit_sdk.testing import credit_code, id_card_number

TENANT_ZONE = ZoneInfo("Asia/Shanghai")  # the demo tenant's calendar
GIGKIT = Path(sys.executable).parent / "gigkit"


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f} CNY"


def seed_day(gk: Gigkit, say: Callable[[str], None] = print) -> dict[str, str]:
    """The day, step by step; the ids it made."""
    today = dt.datetime.now(TENANT_ZONE).date()
    factory = gk.employers.create(name="石首市皮具厂", credit_code=credit_code())
    say(f"1. employer     {factory.id}  {factory.name}")
    deposit = gk.escrow.create_deposit(employer_id=factory.id, amount=1_000_000, currency="CNY")
    say(f"2. deposit      {deposit.id}  {yuan(deposit.amount)} into escrow ({deposit.status})")
    wallet = PayoutAccount(kind="wallet", provider="wechat", account_reference="wxid_chenwei")
    worker = gk.workers.create(
        name="陈伟",
        mobile="13800138000",
        id_card_number=id_card_number(),
        skills=["leather-cutting"],
        payout_account=wallet,
    )
    say(f"3. worker       {worker.id}  {worker.name}, ID card {worker.id_card_masked}")
    engagement = gk.engagements.create(
        worker_id=worker.id,
        employer_id=factory.id,
        pay=PayTerms(basis="daily", rate="280.00"),
        first_day=today,
        last_day=today,
        shifts=[ShiftPlan(day=today)],
    )
    shift = next(gk.shifts.list(engagement_id=engagement.id))
    held = gk.escrow.get_employer_escrow(factory.id).held
    say(f"4. engagement   {engagement.id}  280.00 CNY a day on {today}; {yuan(held)} held")
    shift = gk.work.clock_in(shift.id)
    say(f"5. clock-in     {shift.id}  {shift.status} at {_local(shift.clock_in_at)}")
    shift = gk.work.clock_out(shift.id)
    say(f"6. clock-out    {shift.id}  {shift.status} at {_local(shift.clock_out_at)}")
    assert shift.payslip_id, "a settled shift has its payslip"
    payslip = gk.payslips.get(shift.payslip_id)
    say(
        f"7. payslip      {payslip.id}  gross {yuan(payslip.gross)}, withheld "
        f"{yuan(payslip.withheld)}, net {yuan(payslip.net)} ({payslip.pay['formula']})"
    )
    payout = _paid(gk, worker.id)
    say(
        f"8. payout       {payout.id}  {yuan(payout.amount)} to {payout.destination_masked}, "
        f"{payout.status}"
    )
    return {
        "employer": factory.id,
        "worker": worker.id,
        "shift": shift.id,
        "payslip": payslip.id,
        "payout": payout.id,
    }


def _local(at: dt.datetime | None) -> str:
    return at.astimezone(TENANT_ZONE).strftime("%H:%M:%S") if at else "-"


def _paid(gk: Gigkit, worker_id: str, timeout: float = 30) -> Payout:
    """The worker's payout, once the money core's job has sent it."""
    deadline = time.monotonic() + timeout
    while True:
        payout = next(gk.payouts.list(worker_id=worker_id))
        if payout.status == "paid" or time.monotonic() > deadline:
            return payout
        time.sleep(0.2)


@contextmanager
def embedded_server() -> Iterator[tuple[str, str]]:
    """`gigkit run` on a free port with the demo tenant: (url, API key)."""
    subprocess.run([GIGKIT, "db", "upgrade"], check=True, capture_output=True)  # noqa: S603
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    shown = subprocess.run(  # noqa: S603
        [GIGKIT, "demo", "--port", str(port)], check=True, capture_output=True, text=True
    ).stdout
    api_key = re.search(r"API key\s+(\S+)", shown)
    if not api_key:
        raise RuntimeError(f"`gigkit demo` printed no API key:\n{shown}")
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [GIGKIT, "run", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the embedded server did not start")
        print(f"   embedded server on {url} (demo tenant)")
        yield url, api_key.group(1)
    finally:
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=os.environ.get("GIGKIT_URL"))
    parser.add_argument("--api-key", default=os.environ.get("GIGKIT_API_KEY"))
    args = parser.parse_args(argv)
    if args.url and args.api_key:
        with Gigkit(args.url, api_key=args.api_key) as gk:
            seed_day(gk)
        return 0
    with embedded_server() as (url, api_key), Gigkit(url, api_key=api_key) as gk:
        seed_day(gk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
