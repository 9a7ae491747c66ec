"""Forms that act once: reloading the answer to a POST replays it, it never acts again.

A form that changes something carries a random `once` field (`once.token()`, put in the
page when the form is shown). `once.run(ctx, action)` keys the POST on (the signed-in
session, that token) with the API's idempotency store (`core.idempotency`): the first POST
runs `action` and stores its answer in the same transaction, encrypted (it may show a
secret once, as the API's replays do); a reload of that answer (the browser sends the same
form again) gets the stored page back, byte for byte, for 24 hours, without creating,
rotating or revoking anything a second time, and only in the session that sent it (after
signing in again, or in another browser, the page is never given back). A POST whose
action failed (422, 403, 404, a rolled-back error) stores nothing, so correcting the form
and sending it again runs it. A POST without the field (a script's, say) just runs: the
guard is for browsers, whose forms all carry it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from flask import Response, request

from app.console.pages import PageContext, PageError
from app.core import idempotency

FIELD = "once"
TTL_HOURS = 24


def token() -> str:
    """A fresh value for a form's hidden `once` field."""
    return secrets.token_urlsafe(18)


def run(ctx: PageContext, action: Callable[[], Response]) -> Response:
    """`action()`'s page, or the stored one when this form was sent before (see above)."""
    assert ctx.admin is not None
    sent = request.form.get(FIELD, "")
    if not sent:
        return action()
    if len(sent) > 64:
        raise PageError(400)
    fields = sorted((k, v) for k, v in request.form.lists() if k not in ("csrf", FIELD))
    claim = idempotency.begin(
        ctx.session,
        principal_id=ctx.admin.session.id,  # a replay is for the browser that sent it
        key="console:" + sent,
        fingerprint=idempotency.fingerprint("POST", request.path, json.dumps(fields).encode()),
        method="POST",
        path=request.path[:200],
    )
    if isinstance(claim, Response):
        return claim
    response = action()
    if response.status_code < 300:
        idempotency.complete(ctx.session, claim, response, ttl_hours=TTL_HOURS)
    return response
