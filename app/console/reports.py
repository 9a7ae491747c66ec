"""Read-only reports: the audit log (admins), API usage and the escrow overview (viewers).

- Audit log: the tenant's audit events, newest first, 50 a page, filtered by actor (type
  and/or id), action (exact, or a prefix ending with a dot: `api_key.`) and a time range
  entered in the tenant's zone. Filters are query parameters, so a filtered page is a link.
- Usage: requests, errors (status >= 400) and server errors (5xx) per credential and per
  day of the tenant's zone, for the last `USAGE_DAYS` days, as `core.usage` counts them.
- Escrow: per employer, available and held escrow in the tenant's currency, and what the
  shifts still scheduled in the next `AHEAD_DAYS` days cost (wage + fee, held when they
  were scheduled); a warning when available escrow would not fund as much work again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

from app.console.pages import PageContext, console, page
from app.console.texts import register
from app.core import money, usage
from app.core.pagination import Position, decode_cursor
from app.core.tenancy import tenant_of
from app.core.time import local_day, real_now, zone_day_bounds
from app.escrow import service as escrow
from app.parties import service as parties
from app.tenants import service as tenants
from app.work import service as work

log = logging.getLogger(__name__)

AUDIT_PAGE = 50
ESCROW_PAGE = 50
USAGE_DAYS = 14
AHEAD_DAYS = 7
ACTOR_TYPES = (
    "admin_user",
    "api_key",
    "oauth_client",
    "cli",
    "system",
    "signing_link",
    "anonymous",
)
_ACTOR_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_ACTION = re.compile(r"[a-z0-9_.]{1,80}")

register(
    {
        "zh": {
            "audit_actor_type": "操作者类型",
            "audit_actor_id": "操作者 ID",
            "audit_action": "操作",
            "audit_action_hint": "完整名称，或以点结尾的前缀，如 api_key.",
            "audit_from": "开始时间",
            "audit_until": "结束时间",
            "audit_any": "全部",
            "audit_filter": "筛选",
            "audit_clear": "清除筛选",
            "audit_when": "时间",
            "audit_actor": "操作者",
            "audit_target": "对象",
            "audit_details": "详情",
            "audit_none": "没有符合条件的审计记录。",
            "audit_more": "更早的记录",
            "audit_zone": "时间按 {zone} 时区显示和输入。",
            "audit_bad_actor_type": "未知的操作者类型。",
            "audit_bad_actor_id": "操作者 ID 只能包含字母、数字、_ 和 -，最多 40 个字符。",
            "audit_bad_action": "操作名只能包含小写字母、数字、_ 和 .，最多 80 个字符。",
            "audit_bad_time": "时间无效，请使用 年-月-日 时:分。",
            "audit_bad_range": "结束时间须晚于开始时间。",
            "audit_bad_cursor": "翻页链接无效，请从第一页重新开始。",
            "usage_intro": "最近 {days} 天（{zone} 时区）每个凭据的 API 请求数。"
            "错误指状态码 ≥ 400。",
            "usage_credential": "凭据",
            "usage_kind_api_key": "API 密钥",
            "usage_kind_oauth_client": "OAuth 客户端",
            "usage_revoked": "已吊销",
            "usage_day": "日期",
            "usage_requests": "请求",
            "usage_errors": "错误",
            "usage_server_errors": "服务器错误（5xx）",
            "usage_totals": "{days} 天合计",
            "usage_by_day": "按日明细",
            "usage_none": "最近 {days} 天没有 API 请求。",
            "usage_unavailable": "暂时无法读取用量数据，请稍后再试。",
            "escrow_intro": "币种 {currency}。未来 {days} 天已排班次的预计支出（工资和服务费）"
            "在排班时已冻结。",
            "escrow_employer": "用工单位",
            "escrow_available": "可用",
            "escrow_held": "已冻结",
            "escrow_scheduled": "未来 {days} 天已排班",
            "escrow_none": "还没有用工单位。",
            "escrow_low": "余额不足：可用余额不够再安排同样多的工作，还差 {missing}。",
            "escrow_ok": "充足",
            "escrow_low_count": "{count} 个用工单位可用余额不足。",
            "escrow_more": "更多用工单位",
        },
        "en": {
            "audit_actor_type": "Actor type",
            "audit_actor_id": "Actor id",
            "audit_action": "Action",
            "audit_action_hint": "Exact, or a prefix ending with a dot, such as api_key.",
            "audit_from": "From",
            "audit_until": "Until",
            "audit_any": "any",
            "audit_filter": "Filter",
            "audit_clear": "Clear filters",
            "audit_when": "When",
            "audit_actor": "Actor",
            "audit_target": "Target",
            "audit_details": "Details",
            "audit_none": "No audit events match.",
            "audit_more": "Older events",
            "audit_zone": "Times are shown and entered in the {zone} time zone.",
            "audit_bad_actor_type": "Unknown actor type.",
            "audit_bad_actor_id": "An actor id has at most 40 letters, digits, _ and -.",
            "audit_bad_action": "An action has at most 80 lower-case letters, digits, _ and dots.",
            "audit_bad_time": "Not a valid time: use year-month-day hour:minute.",
            "audit_bad_range": "The end must be after the start.",
            "audit_bad_cursor": "This page link is not valid: start again from the first page.",
            "usage_intro": "API requests per credential over the last {days} days ({zone} time "
            "zone). Errors are answers with a status of 400 or more.",
            "usage_credential": "Credential",
            "usage_kind_api_key": "API key",
            "usage_kind_oauth_client": "OAuth client",
            "usage_revoked": "revoked",
            "usage_day": "Day",
            "usage_requests": "Requests",
            "usage_errors": "Errors",
            "usage_server_errors": "Server errors (5xx)",
            "usage_totals": "{days}-day totals",
            "usage_by_day": "Per day",
            "usage_none": "No API requests in the last {days} days.",
            "usage_unavailable": "Usage cannot be read at the moment. Try again later.",
            "escrow_intro": "Currency {currency}. What the shifts scheduled in the next {days} "
            "days are expected to cost (wages and fees) was held when they were scheduled.",
            "escrow_employer": "Employer",
            "escrow_available": "Available",
            "escrow_held": "Held",
            "escrow_scheduled": "Scheduled, next {days} days",
            "escrow_none": "No employers yet.",
            "escrow_low": "Low balance: available escrow would not fund as much work again; "
            "{missing} missing.",
            "escrow_ok": "enough",
            "escrow_low_count": "{count} employer(s) with a low available balance.",
            "escrow_more": "More employers",
        },
    }
)


# --- audit log ------------------------------------------------------------------------------


@console.route("/audit")
@page(role="admin")
def audit(ctx: PageContext) -> Response:
    form = {
        name: request.args.get(name, "").strip()[:100]
        for name in ("actor_type", "actor_id", "action", "from", "until")
    }
    errors, filters, cursor = _audit_filters(ctx, form)
    if errors:
        return _audit_page(ctx, 422, form=form, errors=errors, rows=[], next_url=None)
    found = tenants.list_audit_events(ctx.session, limit=AUDIT_PAGE, cursor=cursor, **filters)
    rows = [
        (event, json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else "")
        for event in found.data
    ]
    next_url = None
    if found.next_cursor:
        kept = {name: value for name, value in form.items() if value}
        next_url = "?" + urlencode(kept | {"cursor": found.next_cursor})
    return _audit_page(ctx, 200, form=form, errors={}, rows=rows, next_url=next_url)


def _audit_page(ctx: PageContext, status: int, **context: Any) -> Response:
    return ctx.render("console/audit.html", status, actor_types=ACTOR_TYPES, **context)


def _audit_filters(
    ctx: PageContext, form: dict[str, str]
) -> tuple[dict[str, str], dict[str, Any], Position | None]:
    errors: dict[str, str] = {}
    filters: dict[str, Any] = {}
    if form["actor_type"]:
        if form["actor_type"] not in ACTOR_TYPES:
            errors["actor_type"] = ctx.t["audit_bad_actor_type"]
        filters["actor_type"] = form["actor_type"]
    if form["actor_id"]:
        if not _ACTOR_ID.fullmatch(form["actor_id"]):
            errors["actor_id"] = ctx.t["audit_bad_actor_id"]
        filters["actor_id"] = form["actor_id"]
    action = form["action"]
    if action:
        if not _ACTION.fullmatch(action):
            errors["action"] = ctx.t["audit_bad_action"]
        filters["action_prefix" if action.endswith(".") else "action"] = action
    for name, key in (("from", "created_gte"), ("until", "created_lt")):
        if form[name]:
            moment = ctx.local_time(form[name], end=name == "until")
            if moment is None:
                errors[name] = ctx.t["audit_bad_time"]
            filters[key] = moment
    start, end = filters.get("created_gte"), filters.get("created_lt")
    if start and end and end <= start:
        errors["until"] = ctx.t["audit_bad_range"]
    cursor = None
    if request.args.get("cursor"):
        try:
            cursor = decode_cursor(request.args["cursor"])
        except ValueError:
            errors["cursor"] = ctx.t["audit_bad_cursor"]
    return errors, filters, cursor


# --- usage ----------------------------------------------------------------------------------


@console.route("/usage", endpoint="usage")
@page(role="viewer")
def usage_page(ctx: PageContext) -> Response:
    assert ctx.zone is not None
    today = real_now(ctx.session).astimezone(ctx.zone).date()
    days = [today - dt.timedelta(days=n) for n in range(USAGE_DAYS)]
    since = zone_day_bounds(ctx.zone, days[-1])[0]
    credentials = tenants.list_credentials(ctx.session, since=since)
    try:
        counts = usage.daily(
            tenant_id=tenant_of(ctx.session),
            credential_ids=[c.id for c in credentials],
            zone=ctx.zone,
            days=days,
        )
    except Exception:
        log.warning("usage could not be read", exc_info=True)
        return ctx.render(
            "console/usage.html", 503, unavailable=True, totals=[], daily=[], days=USAGE_DAYS
        )
    totals = []
    for credential in credentials:
        total = usage.Usage()
        for day in days:
            total += counts.get((credential.id, day), usage.Usage())
        totals.append((credential, total))
    totals.sort(key=lambda pair: -pair[1].requests)
    daily = [
        (day, credential, counts[credential.id, day])
        for day in days
        for credential in credentials
        if (credential.id, day) in counts
    ]
    return ctx.render(
        "console/usage.html", unavailable=False, totals=totals, daily=daily, days=USAGE_DAYS
    )


# --- escrow ---------------------------------------------------------------------------------


@console.route("/escrow", endpoint="escrow")
@page(role="viewer")
def escrow_overview(ctx: PageContext) -> Response:
    cursor = None
    if request.args.get("cursor"):
        try:
            cursor = decode_cursor(request.args["cursor"])
        except ValueError:
            return ctx.render("console/escrow.html", 422, bad_cursor=True, rows=[], **_empty())
    currency = tenants.settings_of(ctx.session).currency
    found = parties.list_employers(ctx.session, limit=ESCROW_PAGE, cursor=cursor)
    first = local_day(ctx.session)
    scheduled = work.scheduled_amounts(
        ctx.session,
        first_day=first,
        last_day=first + dt.timedelta(days=AHEAD_DAYS - 1),
        employer_ids=[e.id for e in found.data],
    )
    locale = ctx.t["html_lang"]

    def show(amount: int) -> str:
        return money.format(amount, currency, locale)

    rows = []
    for employer in found.data:
        held = escrow.balance(ctx.session, employer_id=employer.id, currency=currency)
        ahead = scheduled.get((employer.id, currency), 0)
        missing = max(0, ahead - held.available)
        rows.append(
            {
                "employer": employer,
                "available": show(held.available),
                "held": show(held.held),
                "scheduled": show(ahead),
                "low": ctx.t["escrow_low"].format(missing=show(missing)) if missing else None,
            }
        )
    next_url = "?" + urlencode({"cursor": found.next_cursor}) if found.next_cursor else None
    return ctx.render(
        "console/escrow.html",
        bad_cursor=False,
        rows=rows,
        currency=currency,
        low_count=sum(1 for row in rows if row["low"]),
        days=AHEAD_DAYS,
        next_url=next_url,
    )


def _empty() -> dict[str, Any]:
    return {"currency": "", "low_count": 0, "next_url": None, "days": AHEAD_DAYS}
