"""`gigkit_sdk.verify_webhook` / `sign_webhook` against the `standardwebhooks` reference.

The reference (standardwebhooks 1.1.0) crashes with ValueError/binascii.Error on a malformed
`webhook-signature` entry that comes before the good one; ours skips malformed entries. So
where the reference answers (accepts, or raises WebhookVerificationError) we must give the
same answer, and always: we accept iff the reference accepts one of the entries on its own.
Ours also rejects a validly signed body that is not a JSON object (it returns a dict).
"""

from __future__ import annotations

import base64
import contextlib
import json
import string
import time
from datetime import UTC, datetime
from typing import Any

import gigkit_sdk
import httpx
import pytest
from gigkit_sdk import WebhookVerificationError, sign_webhook, verify_webhook
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import EmptyWebhookSecretError, Webhook
from standardwebhooks.webhooks import WebhookVerificationError as RefVerificationError
from werkzeug.datastructures import EnvironHeaders, Headers

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def headers_for(msg_id: str, timestamp: int | str, signature: str) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


def whsec(key: bytes) -> str:
    return "whsec_" + base64.b64encode(key).decode()


def ours(payload: bytes | str, headers: Any, secret: Any, **kw: Any) -> tuple[bool, Any]:
    try:
        return True, verify_webhook(payload, headers, secret, **kw)
    except WebhookVerificationError:
        return False, None


def reference(payload: bytes | str, headers: dict[str, str], secret: str) -> tuple[str, Any]:
    """("accept", result), ("reject", None) or ("crash", None) for ValueError & co."""
    try:
        return "accept", Webhook(secret).verify(payload, headers)
    except RefVerificationError:
        return "reject", None
    except (ValueError, EmptyWebhookSecretError):  # binascii.Error is a ValueError
        return "crash", None


# 1. Known answer (from the reference package's own tests)


def test_known_answer_vector() -> None:
    sig = sign_webhook(VECTOR_BODY, msg_id=VECTOR_ID, timestamp=VECTOR_TS, secret=VECTOR_SECRET)
    assert sig == VECTOR_SIG
    headers = headers_for(VECTOR_ID, VECTOR_TS, VECTOR_SIG)
    assert verify_webhook(VECTOR_BODY, headers, VECTOR_SECRET, now=VECTOR_TS) == {
        "test": 2432232314
    }
    # The secret without its prefix is the same key.
    assert verify_webhook(VECTOR_BODY, headers, VECTOR_SECRET[6:], now=VECTOR_TS)
    # The reference agrees, at the real time.
    now = int(time.time())
    sig_now = sign_webhook(VECTOR_BODY, msg_id=VECTOR_ID, timestamp=now, secret=VECTOR_SECRET)
    ref = Webhook(VECTOR_SECRET)
    assert ref.verify(VECTOR_BODY, headers_for(VECTOR_ID, now, sig_now)) == {"test": 2432232314}
    assert sig_now == ref.sign(VECTOR_ID, datetime.fromtimestamp(now, tz=UTC), VECTOR_BODY.decode())


def test_exported_from_package() -> None:
    for name in ("WebhookVerificationError", "sign_webhook", "verify_webhook"):
        assert name in gigkit_sdk.__all__
    assert issubclass(WebhookVerificationError, Exception)


def test_tolerance_and_now() -> None:
    headers = headers_for(VECTOR_ID, VECTOR_TS, VECTOR_SIG)
    for delta in (-300, 0, 300):
        assert ours(VECTOR_BODY, headers, VECTOR_SECRET, now=VECTOR_TS + delta)[0]
    for delta in (-301, 301):
        assert not ours(VECTOR_BODY, headers, VECTOR_SECRET, now=VECTOR_TS + delta)[0]
    assert ours(VECTOR_BODY, headers, VECTOR_SECRET, now=VECTOR_TS + 3600, tolerance=3600)[0]
    assert not ours(VECTOR_BODY, headers, VECTOR_SECRET)[0]  # real clock: 2021 is too old


# 2. Same answer as the reference

ID_ALPHABET = string.ascii_letters + string.digits + "_-"
JUNK = ["v1", "garbage", "v1,", "v1a,xxx", "v2,abc=", "v1,abc", "v1,a,b", ",", "v1,é", ""]


def json_objects() -> st.SearchStrategy[bytes]:
    scalars: st.SearchStrategy[Any] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
    return st.dictionaries(st.text(max_size=8), values, max_size=4).map(
        lambda d: json.dumps(d).encode()
    )


@st.composite
def deliveries(draw: st.DrawFn) -> tuple[bytes | str, dict[str, str], str]:
    """Mostly well-formed deliveries (so that many verify), with every kind of fault mixed in."""
    key = draw(st.binary(min_size=24, max_size=64))
    secret = whsec(key)
    other_secret = whsec(bytes(b ^ 1 for b in key))
    kind = draw(st.integers(0, 6))
    if kind <= 4:
        body = draw(json_objects())
    elif kind == 5:
        body = draw(st.binary(max_size=40) | st.text(max_size=20).map(str.encode))
    else:
        body = draw(st.sampled_from([b"[1, 2]", b"3", b'"x"', b"null", b"\xef\xbb\xbf{}", b"{}"]))
    msg_id = draw(st.text(ID_ALPHABET, min_size=1, max_size=30))
    if draw(st.integers(0, 9)) == 5:  # any text, even empty (not 0: Hypothesis favours 0)
        msg_id = draw(st.text(max_size=5))
    # Timestamps relative to the real clock (the reference has no `now`), 5 s off the edge.
    if draw(st.integers(0, 3)):
        offset = draw(st.integers(-295, 295))
    else:
        offset = draw(st.integers(305, 1000)) * draw(st.sampled_from([-1, 1]))
    timestamp = int(time.time()) + offset

    good = sign_webhook(body, msg_id=msg_id, timestamp=timestamp, secret=secret)
    wrong_key = sign_webhook(body, msg_id=msg_id, timestamp=timestamp, secret=other_secret)
    flip = draw(st.integers(3, len(good) - 2))
    flipped = good[:flip] + ("A" if good[flip] != "A" else "B") + good[flip + 1 :]
    near_misses = [wrong_key, flipped, good.rstrip("="), "v1a," + good[3:], good + "junk"]
    other = st.sampled_from(near_misses + JUNK) | st.text(max_size=12).map(
        lambda s: s.replace(" ", "")
    )
    entry = st.booleans().flatmap(lambda is_good: st.just(good) if is_good else other)
    entries = draw(st.lists(entry, min_size=1, max_size=4))
    separator = draw(st.sampled_from([" ", " ", "  "]))
    signature = separator.join(entries)
    if draw(st.integers(0, 3)) == 2:
        signature = " " * draw(st.integers(0, 2)) + signature + " " * draw(st.integers(0, 2))

    if draw(st.integers(0, 9)) == 5:  # tampered body
        body = body + b" " if body.endswith(b"}") else body + b"x"
    if draw(st.integers(0, 9)) == 5:  # tampered timestamp
        timestamp += 1
    headers = {
        draw(st.sampled_from(["webhook-id", "Webhook-Id", "WEBHOOK-ID"])): msg_id,
        draw(st.sampled_from(["webhook-timestamp", "Webhook-Timestamp"])): str(timestamp),
        draw(st.sampled_from(["webhook-signature", "Webhook-Signature"])): signature,
    }
    for name in list(headers):
        if draw(st.integers(0, 19)) == 5:  # a missing header
            del headers[name]
    payload: bytes | str = body
    if draw(st.booleans()):
        with contextlib.suppress(UnicodeDecodeError):
            payload = body.decode()
    return payload, headers, secret


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deliveries())
def test_same_answer_as_reference(delivery: tuple[bytes | str, dict[str, str], str]) -> None:
    payload, headers, secret = delivery
    accepted, parsed = ours(payload, headers, secret)  # raises if anything else escapes

    def ref_accepts(hdrs: dict[str, str]) -> bool:
        verdict, result = reference(payload, hdrs, secret)
        # Ours returns a dict: a signed body that is not a JSON object is rejected.
        return verdict == "accept" and isinstance(result, dict)

    verdict, result = reference(payload, headers, secret)
    event(f"ours {'accept' if accepted else 'reject'}, reference {verdict}")
    if verdict != "crash":
        assert accepted == ref_accepts(headers)
    sig_name = next((n for n in headers if n.lower() == "webhook-signature"), None)
    entries = headers[sig_name].split(" ") if sig_name else [""]
    assert accepted == any(ref_accepts({**headers, sig_name or "x": e}) for e in entries)
    if accepted:
        assert parsed == result or verdict == "crash"
        assert parsed == json.loads(payload)


def test_malformed_entries_do_not_hide_a_good_signature() -> None:
    headers = headers_for(VECTOR_ID, VECTOR_TS, VECTOR_SIG)
    for prefix in ("v1", "garbage", "", "v1,a,b", "v1,abc", "v1a,xxx", "v1,é"):
        hdrs = {**headers, "webhook-signature": f"{prefix} {VECTOR_SIG}"}
        assert ours(VECTOR_BODY, hdrs, VECTOR_SECRET, now=VECTOR_TS)[0], prefix
    for bad in ("v1", "garbage", "", " ", "v1,", "v1a," + VECTOR_SIG[3:], "v1,a,b"):
        hdrs = {**headers, "webhook-signature": bad}
        assert not ours(VECTOR_BODY, hdrs, VECTOR_SECRET, now=VECTOR_TS)[0], bad


# 3. Rotation


def test_rotation() -> None:
    old, new = whsec(b"o" * 32), whsec(b"n" * 32)
    ts = int(time.time())
    body = b'{"type": "payout.sent"}'
    sigs = " ".join(sign_webhook(body, msg_id="msg_1", timestamp=ts, secret=s) for s in (old, new))
    headers = headers_for("msg_1", ts, sigs)
    for secret in (old, new, [old, new], (new, old), [whsec(b"x" * 32), new]):
        assert verify_webhook(body, headers, secret) == {"type": "payout.sent"}
        assert Webhook(secret if isinstance(secret, str) else secret[-1]).verify(body, headers)
    assert not ours(body, headers, whsec(b"x" * 32))[0]
    assert not ours(body, headers, [])[0]
    only_old = headers_for("msg_1", ts, sigs.split(" ")[0])
    assert ours(body, only_old, [old, new])[0]
    assert not ours(body, only_old, new)[0]


# 4. Headers, payload types, bad bodies and secrets


def test_header_mappings_and_case() -> None:
    ts = int(time.time())
    body = b'{"a": 1}'
    sig = sign_webhook(body, msg_id="msg_2", timestamp=ts, secret=VECTOR_SECRET)
    plain = {"Webhook-Id": "msg_2", "WEBHOOK-TIMESTAMP": str(ts), "webhook-Signature": sig}
    environ = {"HTTP_WEBHOOK_ID": "msg_2", "HTTP_WEBHOOK_TIMESTAMP": str(ts)}
    environ["HTTP_WEBHOOK_SIGNATURE"] = sig
    for headers in (
        plain,
        Headers(plain),  # werkzeug, as Flask's request.headers
        EnvironHeaders(environ),
        httpx.Headers(plain),
    ):
        assert verify_webhook(body, headers, VECTOR_SECRET) == {"a": 1}
    assert not ours(body, {"Webhook-Id": "msg_2", "Webhook-Signature": sig}, VECTOR_SECRET)[0]
    assert not ours(body, {**plain, "Webhook-Id": ""}, VECTOR_SECRET)[0]


def test_str_payload() -> None:
    ts = int(time.time())
    text = '{"name": "Chen Wei 陈伟"}'
    sig = sign_webhook(text.encode(), msg_id="m", timestamp=ts, secret=VECTOR_SECRET)
    assert sig == sign_webhook(text, msg_id="m", timestamp=ts, secret=VECTOR_SECRET)
    headers = headers_for("m", ts, sig)
    assert verify_webhook(text, headers, VECTOR_SECRET) == {"name": "Chen Wei 陈伟"}
    assert verify_webhook(text.encode(), headers, VECTOR_SECRET) == {"name": "Chen Wei 陈伟"}
    assert not ours("\ud800", headers, VECTOR_SECRET)[0]  # not encodable: no crash


@pytest.mark.parametrize(
    "body", [b"not json", b"\xff\xfe{}", b"[1, 2]", b"42", b"\xef\xbb\xbf{}", b""]
)
def test_signed_body_that_is_not_a_json_object(body: bytes) -> None:
    ts = int(time.time())
    sig = sign_webhook(body, msg_id="m", timestamp=ts, secret=VECTOR_SECRET)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body, headers_for("m", ts, sig), VECTOR_SECRET)


@pytest.mark.parametrize(
    "secret",
    [
        "whsec_abcde",  # impossible length
        "whsec_!!!!",  # the reference silently drops these (an empty key)
        "whsec_QU-_JD",  # url-safe alphabet: the reference drops "-_" (a different key)
        "whsec_é",
        "whsec_",
        "whsec_QUJD\n",
        "",
    ],
)
def test_bad_secret(secret: str) -> None:
    headers = headers_for(VECTOR_ID, VECTOR_TS, VECTOR_SIG)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(VECTOR_BODY, headers, secret, now=VECTOR_TS)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(VECTOR_BODY, headers, [VECTOR_SECRET, secret], now=VECTOR_TS)
    with pytest.raises(WebhookVerificationError):
        sign_webhook(VECTOR_BODY, msg_id="m", timestamp=VECTOR_TS, secret=secret)


def test_padding_is_optional_in_secrets() -> None:
    key = b"k" * 25  # base64 ends with "=="
    padded = whsec(key)
    assert padded.endswith("==")
    ts = int(time.time())
    sig = sign_webhook(b"{}", msg_id="m", timestamp=ts, secret=padded)
    assert sig == sign_webhook(b"{}", msg_id="m", timestamp=ts, secret=padded.rstrip("="))
    assert verify_webhook(b"{}", headers_for("m", ts, sig), padded.rstrip("=")) == {}


NOT_INTEGER_SECONDS = (
    "",
    "abc",
    "1614265330.0",
    "1614265330.5",
    " 1614265330",
    "+1614265330",
    "1_614_265_330",
    "-1614265330",
    "١٦١٤٢٦٥٣٣٠",
    "9" * 5000,
    "nan",
    "inf",
)


@pytest.mark.parametrize("timestamp", NOT_INTEGER_SECONDS)
def test_timestamp_must_be_integer_seconds(timestamp: str) -> None:
    # The reference parses float(header) and floors it, so it accepts e.g. "1614265330.5",
    # " 1614265330", "+1614265330" and "1_614_265_330" for a signature over "1614265330".
    headers = headers_for(VECTOR_ID, timestamp, VECTOR_SIG)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(VECTOR_BODY, headers, VECTOR_SECRET, now=VECTOR_TS)


def test_reference_quirks_we_do_not_copy() -> None:
    """Documents where standardwebhooks 1.1.0 differs (it is pinned; see the module doc)."""
    ts = int(time.time())
    sig = sign_webhook(VECTOR_BODY, msg_id=VECTOR_ID, timestamp=ts, secret=VECTOR_SECRET)
    ref = Webhook(VECTOR_SECRET)
    # A malformed entry before the good one: the reference crashes, we accept.
    with pytest.raises(ValueError):
        ref.verify(VECTOR_BODY, headers_for(VECTOR_ID, ts, f"v1 {sig}"))
    assert ours(VECTOR_BODY, headers_for(VECTOR_ID, ts, f"v1 {sig}"), VECTOR_SECRET)[0]
    # A fractional timestamp is floored by the reference; we require integer seconds.
    assert ref.verify(VECTOR_BODY, headers_for(VECTOR_ID, f"{ts}.5", sig))
    assert not ours(VECTOR_BODY, headers_for(VECTOR_ID, f"{ts}.5", sig), VECTOR_SECRET)[0]
    # A signed JSON array is returned by the reference; we return only objects.
    arr = sign_webhook(b"[1]", msg_id=VECTOR_ID, timestamp=ts, secret=VECTOR_SECRET)
    assert ref.verify(b"[1]", headers_for(VECTOR_ID, ts, arr)) == [1]
    assert not ours(b"[1]", headers_for(VECTOR_ID, ts, arr), VECTOR_SECRET)[0]
    # Secrets with stray characters: the reference drops them and uses another key.
    assert Webhook("whsec_QU-_JD")._whsecret == b"ABC"
