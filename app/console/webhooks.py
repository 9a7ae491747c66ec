"""The webhook endpoints pages: list, create (the signing secret shown once), edit (filter,
description, enabled), rotate the secret, delete; an endpoint's page with its delivery log,
a test send, redelivery and the recovery of a time window. Everything goes through
`app.webhooks.service`, which checks and audits like the API (`webhooks:manage`); viewers
see, developers act. A refusal by the service (a private or non-https URL, a disabled
endpoint) is shown on the page and rolled back, so nothing changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, request, url_for

from app.console import webhook_texts  # noqa: F401 (registers the pages' messages)
from app.console.pages import PageContext, PageError, console, page, redirect_to
from app.core.errors import InvalidState, ValidationFailed
from app.core.pagination import Position, decode_cursor
from app.tenants import service as tenants
from app.webhooks import service as hooks

PER_PAGE = 20
EXCERPT = 200  # characters of a response body shown in the delivery log
T = TypeVar("T")


class Refused(Exception):
    """The service refused the change: `errors` (field -> message) to show, `status`."""

    def __init__(self, errors: dict[str, str], status: int) -> None:
        super().__init__(errors)
        self.errors, self.status = errors, status


@console.route("/webhooks")
@page(role="viewer")
def webhooks(ctx: PageContext) -> Response:
    return _list_page(ctx)


@console.route("/webhooks/new", methods=["GET", "POST"])
@page(role="developer")
def new_webhook(ctx: PageContext) -> Response:
    if request.method == "GET":
        return _form_page(ctx, {"types": [], "patterns": ""}, {})
    form = _read_form(ctx)
    try:
        _raise_if(_check_form(ctx, form))
        made = _refusals(
            ctx,
            lambda: hooks.create_endpoint(
                ctx.session,
                actor=ctx.actor,
                url=form["url"],
                event_types=form["event_types"],
                description=form["description"],
            ),
        )
    except Refused as refused:
        return _form_page(ctx, form, refused.errors, refused.status)
    return ctx.render("console/webhook_secret.html", 201, endpoint=made, secret=made.secret)


@console.route("/webhooks/<endpoint_id>/edit", methods=["GET", "POST"])
@page(role="developer")
def edit_webhook(ctx: PageContext, endpoint_id: str) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)  # another tenant's: 404
    if request.method == "GET":
        form = {
            "url": endpoint.url,
            "description": endpoint.description,
            "enabled": endpoint.enabled,
            **_split_types(endpoint.event_types),
        }
        return _form_page(ctx, form, {}, endpoint=endpoint)
    form = _read_form(ctx)
    changes = {k: form[k] for k in ("url", "event_types", "description", "enabled")}
    try:
        _raise_if(_check_form(ctx, form))
        _refusals(
            ctx,
            lambda: hooks.update_endpoint(
                ctx.session, actor=ctx.actor, endpoint_id=endpoint.id, **changes
            ),
        )
    except Refused as refused:
        return _form_page(ctx, form, refused.errors, refused.status, endpoint=endpoint)
    return _done(endpoint.id, "saved")


@console.route("/webhooks/<endpoint_id>/rotate", methods=["GET", "POST"])
@page(role="developer")
def rotate_webhook_secret(ctx: PageContext, endpoint_id: str) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)
    hours_max = hooks.OVERLAP_MAX // 3600
    if request.method == "GET":
        hours = str(hooks.OVERLAP_DEFAULT // 3600)
        return ctx.render("console/webhook_rotate.html", endpoint=endpoint, hours=hours, error="")
    hours = request.form.get("overlap_hours", "").strip()[:10]
    try:
        if not re.fullmatch(r"\d{1,3}", hours) or int(hours) > hours_max:
            raise Refused({"overlap": ctx.t["wh_overlap_invalid"].format(max=hours_max)}, 422)
        rotated = _refusals(
            ctx,
            lambda: hooks.rotate_secret(
                ctx.session,
                actor=ctx.actor,
                endpoint_id=endpoint.id,
                overlap_seconds=int(hours) * 3600,
            ),
        )
    except Refused as refused:
        error = next(iter(refused.errors.values()))
        page_ = "console/webhook_rotate.html"
        return ctx.render(page_, refused.status, endpoint=endpoint, hours=hours, error=error)
    return ctx.render(
        "console/webhook_secret.html", 200, endpoint=rotated, secret=rotated.secret, rotated=True
    )


@console.route("/webhooks/<endpoint_id>/delete", methods=["GET", "POST"])
@page(role="developer")
def delete_webhook(ctx: PageContext, endpoint_id: str) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)
    if request.method == "GET":
        return ctx.render("console/webhook_delete.html", endpoint=endpoint)
    hooks.delete_endpoint(ctx.session, actor=ctx.actor, endpoint_id=endpoint.id)
    return redirect_to(url_for("console.webhooks", done="deleted"))


@console.route("/webhooks/<endpoint_id>")
@page(role="viewer")
def webhook(ctx: PageContext, endpoint_id: str) -> Response:
    return _endpoint_page(ctx, endpoint_id)


@console.route("/webhooks/<endpoint_id>/test", methods=["POST"])
@page(role="developer")
def test_webhook(ctx: PageContext, endpoint_id: str) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)
    try:
        sent = _refusals(
            ctx, lambda: hooks.send_test(ctx.session, actor=ctx.actor, endpoint_id=endpoint.id)
        )
    except Refused as refused:
        return _endpoint_page(ctx, endpoint.id, errors=refused.errors, status=refused.status)
    _audit(ctx, "webhook_endpoint.test_sent", endpoint.id, {"delivery_id": sent.id})
    return _done(endpoint.id, "test_sent")


@console.route("/webhooks/<endpoint_id>/deliveries/<delivery_id>/redeliver", methods=["POST"])
@page(role="developer")
def redeliver_webhook(ctx: PageContext, endpoint_id: str, delivery_id: str) -> Response:
    delivery = hooks.get_delivery(ctx.session, endpoint_id=endpoint_id, delivery_id=delivery_id)
    try:
        _refusals(
            ctx,
            lambda: hooks.redeliver(
                ctx.session, actor=ctx.actor, event_id=delivery.event_id, endpoint_id=endpoint_id
            ),
        )
    except Refused as refused:
        return _endpoint_page(ctx, endpoint_id, errors=refused.errors, status=refused.status)
    _audit(ctx, "webhook_endpoint.redelivered", endpoint_id, {"event_id": delivery.event_id})
    return _done(endpoint_id, "redelivered")


@console.route("/webhooks/<endpoint_id>/recover", methods=["POST"])
@page(role="developer")
def recover_webhook(ctx: PageContext, endpoint_id: str) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)
    window = {k: request.form.get(k, "").strip()[:32] for k in ("since", "until")}
    since, until = ctx.local_time(window["since"]), ctx.local_time(window["until"])
    try:
        if since is None:
            raise Refused({"since": ctx.t["wh_since_invalid"]}, 422)
        if window["until"] and (until is None or until <= since):
            raise Refused({"until": ctx.t["wh_until_invalid"]}, 422)
        resent, more = _refusals(
            ctx,
            lambda: hooks.recover(
                ctx.session, actor=ctx.actor, endpoint_id=endpoint.id, since=since, until=until
            ),
        )
    except Refused as refused:
        return _endpoint_page(
            ctx, endpoint.id, errors=refused.errors, status=refused.status, window=window
        )
    _audit(ctx, "webhook_endpoint.recovered", endpoint.id, {**window, "resent": len(resent)})
    return _done(endpoint.id, "recovered_more" if more else "recovered", count=len(resent))


# --- pages ---------------------------------------------------------------------------------------


def _list_page(ctx: PageContext) -> Response:
    listed = hooks.list_endpoints(ctx.session, limit=PER_PAGE, cursor=_cursor())
    return ctx.render("console/webhook_list.html", listed=listed, notice=_notice(ctx))


def _done(endpoint_id: str, what: str, count: int | None = None) -> Response:
    """After an action, the browser GETs the endpoint's page (a reload sends nothing again),
    which says what was done (`_notice`)."""
    target = url_for("console.webhook", endpoint_id=endpoint_id, done=what, count=count)
    return redirect_to(target)


def _notice(ctx: PageContext) -> str | None:
    """The message for `?done=` (one of the `wh_done_*` texts, nothing else)."""
    key = "wh_done_" + request.args.get("done", "")[:20]
    if key not in ctx.t:
        return None
    count = request.args.get("count", "")
    return ctx.t[key].format(count=int(count) if count.isdigit() and len(count) < 6 else 0)


def _endpoint_page(
    ctx: PageContext,
    endpoint_id: str,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    window: dict[str, str] | None = None,
) -> Response:
    endpoint = hooks.get_endpoint(ctx.session, endpoint_id)
    cursor = _cursor() if request.method == "GET" else None
    listed = hooks.list_deliveries(
        ctx.session, endpoint_id=endpoint.id, limit=PER_PAGE, cursor=cursor
    )
    rows = [(d, d.attempts[-1] if d.attempts else None) for d in listed.data]
    return ctx.render(
        "console/webhook_endpoint.html",
        status,
        endpoint=endpoint,
        listed=listed,
        rows=rows,
        excerpt=EXCERPT,
        zone=str(ctx.zone),
        stamp=lambda moment: _stamp(ctx, moment),
        notice=_notice(ctx),
        errors=errors or {},
        window=window or {},
    )


def _form_page(
    ctx: PageContext,
    form: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    endpoint: Any = None,
) -> Response:
    if errors:
        form = {**form, "url": form.get("url", "")[: hooks.URL_MAX]}
        form["description"] = form.get("description", "")[: hooks.DESCRIPTION_MAX]
    return ctx.render(
        "console/webhook_form.html",
        status,
        form=form,
        errors=errors,
        endpoint=endpoint,
        families=_families(),
    )


# --- forms -------------------------------------------------------------------------------------


def _read_form(ctx: PageContext) -> dict[str, Any]:
    types = request.form.getlist("types")
    patterns = request.form.get("patterns", "")
    form: dict[str, Any] = {
        "url": request.form.get("url", "").strip(),
        "description": request.form.get("description", "").strip(),
        "enabled": request.form.get("enabled") == "on",
        "types": types,
        "patterns": patterns[:2000],
    }
    form["event_types"] = list(dict.fromkeys(types + re.split(r"[\s,]+", patterns.strip())))
    form["event_types"] = [p for p in form["event_types"] if p]
    return form


def _families() -> dict[str, dict[str, str]]:
    """The form's checkboxes: each family's `family.*`, then its types (-> their meaning)."""
    found: dict[str, dict[str, str]] = {}
    for type_, meaning in hooks.event_types().items():
        found.setdefault(type_.split(".")[0] + ".*", {})[type_] = meaning
    return found


def _split_types(event_types: list[str]) -> dict[str, Any]:
    """An endpoint's filter as the form shows it: what has a checkbox checked, the rest typed."""
    boxes = {"*", *_families(), *hooks.event_types()}
    return {
        "types": [p for p in event_types if p in boxes],
        "patterns": " ".join(p for p in event_types if p not in boxes),
    }


def _check_form(ctx: PageContext, form: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    url, t = form["url"], ctx.t
    if not url:
        errors["url"] = t["wh_url_required"]
    elif len(url) > hooks.URL_MAX:
        errors["url"] = t["wh_too_long"].format(max=hooks.URL_MAX, length=len(url))
    elif not re.fullmatch(hooks.URL_PATTERN, url):
        errors["url"] = t["wh_url_invalid"]
    if len(form["description"]) > hooks.DESCRIPTION_MAX:
        errors["description"] = t["wh_too_long"].format(
            max=hooks.DESCRIPTION_MAX, length=len(form["description"])
        )
    patterns, known = form["event_types"], hooks.event_types()
    if not patterns:
        errors["event_types"] = t["wh_types_required"]
    elif len(patterns) > hooks.MAX_FILTERS:
        errors["event_types"] = t["wh_types_too_many"].format(max=hooks.MAX_FILTERS)
    else:
        for p in patterns:
            well_formed = len(p) <= hooks.EVENT_TYPE_MAX and re.fullmatch(
                hooks.EVENT_TYPE_PATTERN, p
            )
            if not well_formed or not any(hooks.matches([p], k) for k in known):
                errors["event_types"] = t["wh_type_unknown"].format(type=p[:80])
                break
    return errors


def _stamp(ctx: PageContext, moment: dt.datetime) -> str:
    """A time in the tenant's zone, to the second (the delivery log)."""
    return f"{moment.astimezone(ctx.zone):%Y-%m-%d %H:%M:%S}"


def _cursor() -> Position | None:
    token = request.args.get("cursor")
    if not token:
        return None
    try:
        return decode_cursor(token)
    except ValueError:
        raise PageError(400) from None


# --- the service's refusals --------------------------------------------------------------------


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise Refused(errors, 422)


def _refusals(ctx: PageContext, call: Callable[[], T]) -> T:
    """`call()` in a savepoint: if the service refuses (invalid input: 422; a disabled
    endpoint: 409), everything it did is undone and Refused says why."""
    try:
        with ctx.session.begin_nested():
            return call()
    except ValidationFailed as failed:
        found = {e["field"]: e["message"] for e in failed.errors or []} or {"url": failed.detail}
        reasons = {k: ctx.t["wh_refused"].format(reason=v) for k, v in found.items()}
        raise Refused(reasons, 422) from None
    except InvalidState:
        raise Refused({"state": ctx.t["wh_disabled"]}, 409) from None


def _audit(ctx: PageContext, action: str, endpoint_id: str, data: dict[str, Any]) -> None:
    tenants.record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        target_type="webhook_endpoint",
        target_id=endpoint_id,
        data=data,
    )
