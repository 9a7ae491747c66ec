"""`gigkit contracts verify-pdf FILE [--keys keys.json]`: check a completed contract's PDF
with only the file and the public keys (no database, no API key). Added to `gigkit` by
`app/cli.py`.

The checks are the SDK's (`gigkit_sdk.verify_sealed_pdf`, the code a court, a worker or an
auditor runs), so this command needs the SDK installed (`pip install "./sdk[verify]"`,
which `make` does). Keys: the file `GET /v1/signing/keys` answers, saved; by default the
public keys of this deployment's settings (GIGKIT_SIGNING_KEYS and
GIGKIT_SIGNING_PUBLIC_KEYS).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.group()
def contracts() -> None:
    """Contracts, without a database: verify a sealed PDF."""


@contracts.command("verify-pdf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The public keys as GET /v1/signing/keys answers them (default: this "
    "deployment's configured keys).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def verify_pdf(file: Path, keys_file: Path | None, as_json: bool) -> None:
    """Check FILE's digital signature, attachments, audit chain and seal; exit 1 if any
    check fails, naming it."""
    try:
        from gigkit_sdk.sealed_pdf import verify_sealed_pdf
    except ImportError as exc:
        raise click.ClickException(
            f'this command needs the SDK with pyHanko: pip install "./sdk[verify]" ({exc})'
        ) from None
    keys: Any = json.loads(keys_file.read_text()) if keys_file else _configured_keys()
    result = verify_sealed_pdf(file.read_bytes(), keys)
    if as_json:
        checks = [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in result.checks]
        payload = {"valid": result.valid, "failed": result.failed, "checks": checks}
        click.echo(json.dumps(payload | {"claims": result.claims}, ensure_ascii=False))
    else:
        for check in result.checks:
            click.echo(f"{'ok  ' if check.passed else 'FAIL'}  {check.name}: {check.detail}")
        verdict = "valid" if result.valid else f"NOT valid: {', '.join(result.failed)} failed"
        click.echo(f"{file.name}: {verdict}")
    if not result.valid:
        raise SystemExit(1)


def _configured_keys() -> list[dict[str, str]]:
    from app.config import Settings
    from app.signing.evidence import keys_from

    return keys_from(Settings.from_env()).public()
