"""The committed spec and SDK are exactly what the code produces (`make sdk` regenerates)."""

from __future__ import annotations

import filecmp
import json
import subprocess
from pathlib import Path

from tests.conftest import make_settings
from tests.live import BIN, ROOT

SPEC = ROOT / "openapi" / "openapi.json"
SDK = ROOT / "sdk" / "gigkit_client"
HINT = "the API changed: run `make sdk` and commit openapi/ and sdk/"


def _spec_from_code(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    from app import create_app

    app = create_app(make_settings("sqlite://", tmp_path))
    return dict(app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict())


def test_committed_spec_matches_the_code(tmp_path: Path) -> None:
    assert json.loads(SPEC.read_text()) == _spec_from_code(tmp_path), HINT


def _differences(a: Path, b: Path) -> list[str]:
    compared = filecmp.dircmp(a, b, ignore=["__pycache__", ".ruff_cache"])
    found = [f"only in {compared.left}: {n}" for n in compared.left_only]
    found += [f"only in {compared.right}: {n}" for n in compared.right_only]
    found += [f"differs: {Path(compared.left, n)}" for n in compared.diff_files]
    for sub in compared.common_dirs:
        found += _differences(a / sub, b / sub)
    return found


def test_committed_sdk_matches_the_generator(tmp_path: Path) -> None:
    out = tmp_path / "gigkit_client"
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(SPEC),
            "--output-path",
            str(out),
            "--config",
            str(ROOT / "openapi" / "sdk-config.yaml"),
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _differences(SDK, out) == [], HINT


def test_committed_sdk_resources_match_the_generator() -> None:
    """`gigkit_sdk/resources.py` is what openapi/generate_sdk_resources.py makes of the
    committed spec and generated client (which the tests above hold to the code)."""
    result = subprocess.run(
        [str(BIN / "python"), str(ROOT / "openapi" / "generate_sdk_resources.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
