"""Verify the webhooks gigkit sends (Standard Webhooks v1, symmetric `v1` signatures).

With Flask:

    import os
    from flask import abort, request
    from gigkit_sdk import WebhookVerificationError, verify_webhook

    @app.post("/gigkit/webhooks")
    def gigkit_webhook():
        try:
            event = verify_webhook(
                request.get_data(), request.headers, os.environ["GIGKIT_WEBHOOK_SECRET"]
            )
        except WebhookVerificationError:
            abort(400)
        # Deliveries are retried: skip a `webhook-id` you have already processed.
        if already_seen(request.headers["webhook-id"]):
            return "", 204
        handle(event)
        return "", 204

Pass the raw body bytes (`request.get_data()`, not re-serialised JSON). While rotating the
secret, pass both (`[old, new]`): a delivery is valid if it is signed with either.
`sign_webhook` makes a valid `webhook-signature` for your own tests.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

__all__ = ["WebhookVerificationError", "sign_webhook", "verify_webhook"]

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix, not a secret)
DEFAULT_TOLERANCE = 300  # seconds; the same as the reference `standardwebhooks` package
_MAX_TIMESTAMP_DIGITS = 20  # far beyond any real Unix time; keeps int() cheap and bounded


class HeaderItems(Protocol):
    """Anything with `items()` of (name, value): werkzeug/Flask `Headers` are not a Mapping."""

    def items(self) -> Iterable[tuple[str, str]]: ...


class WebhookVerificationError(Exception):
    """The delivery is not authentic, is stale, or is not a JSON object (answer 400)."""


def verify_webhook(
    payload: bytes | str,
    headers: Mapping[str, str] | HeaderItems,
    secret: str | Sequence[str],
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> dict[str, Any]:
    """The delivery's parsed JSON body, once its signature and timestamp are checked.

    `payload` is the raw request body; `headers` any mapping (Flask/werkzeug, httpx, a dict;
    names are matched case-insensitively); `secret` one `whsec_...` secret or several (any
    may match, for rotation). The `webhook-timestamp` must be within `tolerance` seconds of
    `now` (default: the current time). Raises WebhookVerificationError on any failure.
    """
    keys = [_decode_secret(s) for s in _secrets(secret)]
    lowered = {str(name).lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id")
    msg_timestamp = lowered.get("webhook-timestamp")
    msg_signature = lowered.get("webhook-signature")
    if not (msg_id and msg_timestamp and msg_signature):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")

    timestamp = _parse_timestamp(msg_timestamp)
    current = time.time() if now is None else now
    if timestamp < current - tolerance:
        raise WebhookVerificationError("webhook timestamp too old")
    if timestamp > current + tolerance:
        raise WebhookVerificationError("webhook timestamp too new")

    body = _body_bytes(payload)
    content = _signed_content(msg_id, timestamp, body)
    expected = [hmac.new(key, content, hashlib.sha256).digest() for key in keys]
    if not any(
        hmac.compare_digest(candidate, digest)
        for candidate in _v1_signatures(msg_signature)
        for digest in expected
    ):
        raise WebhookVerificationError("no matching signature")

    try:
        event = json.loads(body.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError
        raise WebhookVerificationError("webhook payload is not UTF-8 JSON") from exc
    if not isinstance(event, dict):
        raise WebhookVerificationError("webhook payload is not a JSON object")
    return event


def sign_webhook(payload: bytes | str, *, msg_id: str, timestamp: int, secret: str) -> str:
    """The `webhook-signature` entry (`v1,<base64>`) for this delivery, as gigkit signs it."""
    key = _decode_secret(secret)
    content = _signed_content(msg_id, timestamp, _body_bytes(payload))
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


def _secrets(secret: str | Sequence[str]) -> list[str]:
    if isinstance(secret, str):
        return [secret]
    secrets = list(secret)
    if not secrets or not all(isinstance(s, str) for s in secrets):
        raise WebhookVerificationError("give one webhook secret (str) or a sequence of them")
    return secrets


def _decode_secret(secret: str) -> bytes:
    """The HMAC key: base64 after `whsec_` (padding optional). Strict: no stray characters."""
    encoded = secret.removeprefix(SECRET_PREFIX).rstrip("=")
    if not encoded.isascii() or len(encoded) % 4 == 1:
        raise WebhookVerificationError("webhook secret is not valid base64")
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except binascii.Error as exc:
        raise WebhookVerificationError("webhook secret is not valid base64") from exc
    if not key:
        raise WebhookVerificationError("webhook secret is empty")
    return key


def _parse_timestamp(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) <= _MAX_TIMESTAMP_DIGITS):
        raise WebhookVerificationError("webhook-timestamp is not an integer (Unix seconds)")
    return int(value)


def _body_bytes(payload: bytes | str) -> bytes:
    if isinstance(payload, str):
        try:
            return payload.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates
            raise WebhookVerificationError("webhook payload is not valid text") from exc
    return bytes(payload)


def _signed_content(msg_id: str, timestamp: int, body: bytes) -> bytes:
    try:
        return f"{msg_id}.{timestamp}.".encode() + body
    except UnicodeEncodeError as exc:
        raise WebhookVerificationError("webhook-id is not valid text") from exc


def _v1_signatures(header: str) -> list[bytes]:
    """The decoded `v1` signatures; other versions and malformed entries are skipped."""
    signatures = []
    for entry in header.split(" "):
        parts = entry.split(",")
        if len(parts) != 2 or parts[0] != "v1":
            continue
        encoded = parts[1]
        try:
            # Lenient like the reference package; the HMAC must still match exactly.
            signatures.append(base64.b64decode(encoded))
        except ValueError:  # binascii.Error, or non-ASCII text
            continue
    return signatures
