"""examples/seed_day.py (`make demo`) runs the seed's day through the SDK on a live server."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from tests.live import ROOT

STEPS = ["employer", "deposit", "worker", "engagement", "clock-in", "clock-out", "payslip"]


def test_the_seed_day_example_runs_and_prints_each_step(live: dict[str, Any]) -> None:
    env = {
        **os.environ,
        "GIGKIT_URL": live["server"].base,
        "GIGKIT_API_KEY": live["tenant"]["api_key"],
        "PYTHONPATH": os.pathsep.join([str(ROOT / "sdk"), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "seed_day.py")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for number, step in enumerate(STEPS, 1):
        assert any(line.startswith(f"{number}. {step} ") for line in lines), result.stdout
    assert "gross 280.00 CNY" in result.stdout
    assert "settled" in result.stdout
