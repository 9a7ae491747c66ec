"""The views the API keys and OAuth clients pages share: create (the secret shown once),
rotate with an overlap (the new secret shown once), revoke. A page module describes its kind
of credential once (`Kind`: how to find, create, rotate and revoke one, its list page, its
messages) and routes its URLs to `new_view`, `rotate_view` and `revoke_view`.

Roles: viewers see the lists; developers create, rotate and revoke; only admins and owners
grant the `admin` scope (rotating issues a secret with the old one's scopes, so the same
rule holds there). Every POST acts once (`once`): reloading its answer replays the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, request, url_for
from sqlalchemy.orm import Session

from app.console import once, texts
from app.console.pages import PageContext, PageError
from app.tenants import service as tenants

OVERLAP_MAX_HOURS = int(tenants.MAX_OVERLAP.total_seconds() // 3600)
OVERLAP_DEFAULT_HOURS = 24  # the API's default, one day

texts.register(
    {
        "zh": {
            "cred_rotate": "轮换",
            "cred_overlap": "旧密钥继续有效的时长（小时，0 到 {max}）",
            "cred_overlap_help": "在此期间新旧两个密钥都能使用，便于逐个更新部署；"
            "0 表示旧密钥立即失效。",
            "cred_overlap_invalid": "重叠时长须为 0 到 {max} 小时之间的数字。",
            "cred_rotate_do": "确认轮换",
            "cred_works_until": "已轮换，可用至 {when}",
            "cred_nothing_changed": "未做任何更改。",
            "cred_secret_once": "这是唯一一次显示该密钥，请立即复制并妥善保存。",
        },
        "en": {
            "cred_rotate": "Rotate",
            "cred_overlap": "How long the old secret keeps working (hours, 0 to {max})",
            "cred_overlap_help": "Both secrets work meanwhile, so deployments can switch one "
            "by one; 0 ends the old secret at once.",
            "cred_overlap_invalid": "The overlap is a number of hours from 0 to {max}.",
            "cred_rotate_do": "Rotate it",
            "cred_works_until": "rotated: works until {when}",
            "cred_nothing_changed": "Nothing was changed.",
            "cred_secret_once": "This is the only time the secret is shown: copy it now and "
            "keep it safe.",
        },
    }
)


@dataclass(frozen=True)
class Kind:
    """One kind of credential. `words` maps each message the shared pages need (`create`,
    `created`, `not_created`, `back`, `rotate_title`, `rotate_intro`, `rotated`,
    `revoke_confirm`, `revoked`) to its key in the catalogue; `id_label`, when set, shows
    the object's id beside the secret (an OAuth client's id), `created_hint` a line under a
    new one's secret; `extra_fields` reads and checks more of the create form (an expiry)."""

    list_endpoint: str
    name_max: int
    words: dict[str, str]
    find: Callable[[Session, str], Any]
    create: Callable[[PageContext, dict[str, Any], frozenset[str]], tuple[Any, str]]
    rotate: Callable[[PageContext, str, dt.timedelta, frozenset[str]], tuple[Any, str]]
    revoke: Callable[[PageContext, str], Any]
    list_page: Callable[[PageContext, str | None], Response]
    rotated_lines: Callable[[PageContext, str, Any], list[str]]  # (ctx, old id, new object)
    extra_fields: Callable[[PageContext, dict[str, Any], dict[str, str]], None] | None = None
    id_label: str | None = None
    created_hint: str | None = None

    def say(self, ctx: PageContext, word: str, **values: Any) -> str:
        return ctx.t[self.words[word]].format(**values)


def grantable(ctx: PageContext) -> dict[str, str]:
    """The scopes this admin may give a credential: all of them for owners and admins; a
    developer cannot grant `admin` (which could manage credentials through the API)."""
    every = tenants.api_key_scopes()
    if ctx.can("admin"):
        return every
    return {name: text for name, text in every.items() if name != "admin"}


def may_manage(ctx: PageContext, scopes: str) -> bool:
    """Rotating issues a secret with the same scopes, so it is only for an admin who may grant
    them; revoking likewise (a developer cannot end an `admin` credential either)."""
    return ctx.can("developer") and set(scopes.split()) <= set(grantable(ctx))


def _managed(ctx: PageContext, kind: Kind, object_id: str) -> Any:
    """The credential (another tenant's: 404), if this admin may rotate or revoke it (403)."""
    found = kind.find(ctx.session, object_id)
    if not may_manage(ctx, found.scopes):
        raise PageError(403)
    return found


# --- create --------------------------------------------------------------------------------


def new_view(ctx: PageContext, kind: Kind) -> Response:
    scopes = grantable(ctx)
    if request.method == "GET":
        return _new_form(ctx, kind, scopes, {}, {})
    return once.run(ctx, lambda: _create(ctx, kind, scopes))


def _create(ctx: PageContext, kind: Kind, scopes: dict[str, str]) -> Response:
    form: dict[str, Any] = {
        "name": request.form.get("name", "").strip(),
        "scopes": list(dict.fromkeys(request.form.getlist("scopes"))),  # each once
    }
    errors = _check(ctx, kind, form, scopes)
    if kind.extra_fields is not None:
        kind.extra_fields(ctx, form, errors)
    if errors:
        return _new_form(ctx, kind, scopes, form, errors, 422)
    made, secret = kind.create(ctx, form, frozenset(scopes))
    title = kind.say(ctx, "created", name=made.name)
    hints = [ctx.t[kind.created_hint]] if kind.created_hint else []
    return _secret_page(ctx, kind, title, made, secret, hints)


def _check(
    ctx: PageContext, kind: Kind, form: dict[str, Any], scopes: dict[str, str]
) -> dict[str, str]:
    """The form's errors by field (empty: valid); cuts an over-long name for the page."""
    errors: dict[str, str] = {}
    name = form["name"]
    if not name:
        errors["name"] = ctx.t["name_required"]
    elif len(name) > kind.name_max:
        errors["name"] = ctx.t["name_too_long"].format(max=kind.name_max, length=len(name))
        form["name"] = name[: kind.name_max]
    if not form["scopes"]:
        errors["scopes"] = ctx.t["scopes_required"]
    elif any(s not in scopes for s in form["scopes"]):
        errors["scopes"] = ctx.t["scope_unknown"]
    return errors


def _new_form(
    ctx: PageContext,
    kind: Kind,
    scopes: dict[str, str],
    form: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return ctx.render(
        "console/credential_new.html",
        status,
        title=kind.say(ctx, "create"),
        not_created=kind.say(ctx, "not_created"),
        back=url_for(kind.list_endpoint),
        name_max=kind.name_max,
        expires=kind.extra_fields is not None,
        scopes=scopes,
        form=form,
        errors=errors,
        once=once.token(),
    )


# --- rotate --------------------------------------------------------------------------------


def rotate_view(ctx: PageContext, kind: Kind, object_id: str) -> Response:
    if request.method == "POST":  # a reload replays the answer, before any lookup
        return once.run(ctx, lambda: _rotate(ctx, kind, object_id))
    found = _managed(ctx, kind, object_id)
    return _rotate_form(ctx, kind, found, str(OVERLAP_DEFAULT_HOURS), None)


def _rotate(ctx: PageContext, kind: Kind, object_id: str) -> Response:
    found = _managed(ctx, kind, object_id)
    typed = request.form.get("overlap_hours", "").strip()[:20]
    try:
        hours = float(typed)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= OVERLAP_MAX_HOURS:  # also NaN
        error = ctx.t["cred_overlap_invalid"].format(max=OVERLAP_MAX_HOURS)
        return _rotate_form(ctx, kind, found, typed, error, 422)
    overlap = dt.timedelta(seconds=round(hours * 3600))
    made, secret = kind.rotate(ctx, object_id, overlap, frozenset(grantable(ctx)))
    title = kind.say(ctx, "rotated", name=made.name)
    return _secret_page(ctx, kind, title, made, secret, kind.rotated_lines(ctx, object_id, made))


def _rotate_form(
    ctx: PageContext, kind: Kind, found: Any, typed: str, error: str | None, status: int = 200
) -> Response:
    return ctx.render(
        "console/rotate.html",
        status,
        title=kind.say(ctx, "rotate_title", name=found.name),
        intro=kind.say(ctx, "rotate_intro"),
        overlap=typed,
        max_hours=OVERLAP_MAX_HOURS,
        error=error,
        back=url_for(kind.list_endpoint),
        once=once.token(),
    )


# --- revoke --------------------------------------------------------------------------------


def revoke_view(ctx: PageContext, kind: Kind, object_id: str) -> Response:
    if request.method == "POST":  # a reload replays the answer, before any lookup
        return once.run(ctx, lambda: _revoke(ctx, kind, object_id))
    found = _managed(ctx, kind, object_id)
    return ctx.render(
        "console/revoke.html",
        question=kind.say(ctx, "revoke_confirm", name=found.name),
        back=url_for(kind.list_endpoint),
        once=once.token(),
    )


def _revoke(ctx: PageContext, kind: Kind, object_id: str) -> Response:
    _managed(ctx, kind, object_id)
    revoked = kind.revoke(ctx, object_id)
    return kind.list_page(ctx, kind.say(ctx, "revoked", name=revoked.name))


def _secret_page(
    ctx: PageContext, kind: Kind, title: str, made: Any, secret: str, lines: list[str]
) -> Response:
    """201: a secret shown this once, with a copy button."""
    return ctx.render(
        "console/secret.html",
        201,
        title=title,
        secret=secret,
        scopes=made.scopes,
        lines=lines,
        extra=(ctx.t[kind.id_label], made.id) if kind.id_label else None,
        back=(url_for(kind.list_endpoint), kind.say(ctx, "back")),
    )
