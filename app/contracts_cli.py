"""`gigkit contracts verify-pdf FILE [--keys keys.json] [--allow-test] [--json]`: check a
completed contract's PDF with only the file and the public keys (no database, no API key).
Added to `gigkit` by `app/cli.py`.

The checks are the SDK's (`gigkit_sdk.verify_sealed_pdf`, the code a court, a worker or an
auditor runs), so this command needs the SDK installed (`pip install "./sdk[verify]"`,
which `make` does). Keys: the file `GET /v1/signing/keys` answers, saved (or the
`kid:base64url[,...]` form of GIGKIT_SIGNING_PUBLIC_KEYS); without `--keys`, only the keys
this environment configures: GIGKIT_SIGNING_KEYS / GIGKIT_SIGNING_PUBLIC_KEYS, or an
existing instance's `secrets.json` (never created here).

Exit codes: 0 the PDF is valid; 1 it is not (the failed checks are named); 2 the command
could not check it (no keys, an unreadable keys file, the SDK missing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from app.config import ConfigError, ed25519_public_key, parse_keyring

NO_KEYS = (
    "no public keys: give --keys keys.json (the saved answer of GET /v1/signing/keys), "
    "or set GIGKIT_SIGNING_PUBLIC_KEYS"
)


@click.group()
def contracts() -> None:
    """Contracts, without a database: verify a sealed PDF."""


@contracts.command("verify-pdf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The public keys as GET /v1/signing/keys answers them (default: the keys this "
    "environment configures; none are ever created).",
)
@click.option("--allow-test", is_flag=True, help="Accept a test-mode contract (binding nobody).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def verify_pdf(file: Path, keys_file: Path | None, allow_test: bool, as_json: bool) -> None:
    """Check FILE's digital signature, attachments, audit chain, seal and mode. Exit 0 if
    valid, 1 if any check fails (naming it), 2 if it cannot be checked (keys, SDK)."""
    try:
        from gigkit_sdk.sealed_pdf import public_keys_of, verify_sealed_pdf
    except ImportError as exc:
        _stop(f'this command needs the SDK with pyHanko: pip install "./sdk[verify]" ({exc})')
    keys: Any = _keys_file(keys_file) if keys_file else _configured_keys()
    try:
        parsed = public_keys_of(keys)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # (binascii.Error too)
        _stop(f"{keys_file}: not a list of public keys ({type(exc).__name__}: {exc}); " + NO_KEYS)
    if not parsed or any(len(raw) != 32 for raw in parsed.values()):
        _stop(f"{keys_file or 'the configured keys'}: no 32-byte Ed25519 public keys; " + NO_KEYS)
    result = verify_sealed_pdf(file.read_bytes(), parsed, allow_test=allow_test)
    claims = result.claims or {}
    if as_json:
        checks = [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in result.checks]
        payload = {"valid": result.valid, "failed": result.failed, "checks": checks}
        payload |= {"livemode": result.livemode, "test_clock": result.test_clock}
        click.echo(json.dumps(payload | {"claims": result.claims}, ensure_ascii=False))
    else:
        for check in result.checks:
            click.echo(f"{'ok  ' if check.passed else 'FAIL'}  {check.name}: {check.detail}")
        if result.valid:
            mode = {True: "live mode", False: "TEST MODE", None: "mode not stated"}
            verdict = (
                f"valid: contract {claims.get('contract_id')} of tenant "
                f"{claims.get('tenant_id')}, completed at {claims.get('completed_at')}, "
                f"{mode[result.livemode]}"
            )
        else:
            verdict = f"NOT valid: {', '.join(result.failed)} failed"
        click.echo(f"{file.name}: {verdict}")
    if not result.valid:
        raise SystemExit(1)


def _stop(message: str) -> Any:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


def _keys_file(path: Path) -> Any:
    """JSON as GET /v1/signing/keys answers, or `kid:base64url[,kid:base64url...]`."""
    text = path.read_text(errors="replace").strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return _keyring(text)
    except ConfigError:
        return _stop(f"{path}: neither JSON nor kid:base64url keys; " + NO_KEYS)


def _keyring(text: str) -> dict[str, bytes]:
    return parse_keyring(text, "keys")[1]


def _configured_keys() -> dict[str, bytes]:
    """The public keys this environment configures, read only (`Settings.from_env` would
    generate an embedded instance's secrets: a fresh key that calls every PDF forged)."""
    values = dict(os.environ)
    secrets = Path(values.get("GIGKIT_INSTANCE_PATH", "instance")) / "secrets.json"
    if not values.get("GIGKIT_SIGNING_KEYS") and secrets.is_file():
        stored = json.loads(secrets.read_text())
        values.setdefault("GIGKIT_SIGNING_KEYS", stored.get("GIGKIT_SIGNING_KEYS", ""))
    keys: dict[str, bytes] = {}
    try:
        if values.get("GIGKIT_SIGNING_PUBLIC_KEYS", "").strip():
            keys |= _keyring(values["GIGKIT_SIGNING_PUBLIC_KEYS"].strip())
        if values.get("GIGKIT_SIGNING_KEYS", "").strip():
            for kid, seed in _keyring(values["GIGKIT_SIGNING_KEYS"].strip()).items():
                keys[kid] = ed25519_public_key(seed)
    except ConfigError as exc:
        _stop(f"the configured signing keys are malformed ({exc}); " + NO_KEYS)
    return keys or _stop(NO_KEYS)
