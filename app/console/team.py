"""The team pages: the tenant's admins (anyone signed in may see the list), invitations by a
one-time link, role changes and removals (admins and owners; the rules are `members`'), and
the invitee's page that sets a password and signs them in."""

from __future__ import annotations

from flask import Response, request, url_for

from app.console import factors, members, texts, users
from app.console.account import me
from app.console.pages import PageContext, PageError, console, page, redirect_to


@console.route("/team")
@page(role="viewer")
def team(ctx: PageContext) -> Response:
    return _team_page(ctx)


@console.route("/team/invite", methods=["GET", "POST"])
@page(role="admin")
def invite(ctx: PageContext) -> Response:
    admin = me(ctx)
    roles = members.grantable_roles(admin.role)
    if request.method == "GET":
        return ctx.render("console/team_invite.html", roles=roles, form={}, errors={})
    form = {
        "email": request.form.get("email", "").strip()[:254],
        "role": request.form.get("role", ""),
    }
    problems = members.invite_problems(ctx.session, by=admin, **form)
    if problems:
        errors = {field: ctx.t[key] for field, key in problems.items()}
        return ctx.render("console/team_invite.html", 422, roles=roles, form=form, errors=errors)
    invitation, token = members.invite(ctx.session, actor=ctx.actor, by=admin, **form)
    link = url_for("console.invitation", token=token, _external=True)
    return ctx.render("console/team_invited.html", 201, invitation=invitation, link=link)


@console.route("/team/invitations/<invitation_id>/revoke", methods=["POST"])
@page(role="admin")
def revoke_invitation(ctx: PageContext, invitation_id: str) -> Response:
    assert ctx.admin is not None
    invitation = members.revoke_invitation(
        ctx.session, actor=ctx.actor, by=ctx.admin.user, invitation_id=invitation_id
    )
    return _team_page(ctx, ctx.t["invite_revoked"].format(email=invitation.email))


@console.route("/team/<user_id>/role", methods=["POST"])
@page(role="admin")
def change_role(ctx: PageContext, user_id: str) -> Response:
    role = request.form.get("role", "")[:16]
    member = members.change_role(
        ctx.session, actor=ctx.actor, by=me(ctx), user_id=user_id, role=role
    )
    return _team_page(ctx, ctx.t["team_role_changed"].format(email=member.email, role=role))


@console.route("/team/<user_id>/remove", methods=["GET", "POST"])
@page(role="admin")
def remove(ctx: PageContext, user_id: str) -> Response:
    member = members.get_member(ctx.session, user_id)
    if request.method == "GET":
        return ctx.render("console/team_remove.html", member=member)
    members.remove(ctx.session, actor=ctx.actor, by=me(ctx), user_id=member.id)
    return _team_page(ctx, ctx.t["team_removed"].format(email=member.email))


@console.route("/invitations/<token>", methods=["GET", "POST"])
@page(role=None)
def invitation(ctx: PageContext, token: str) -> Response:
    if ctx.admin is not None:  # bound to their tenant: sign out first (nothing is spent)
        raise PageError(409, "invitation_signed_in")
    found = members.find_invitation(ctx.session, token[:100])
    if request.method == "GET":
        return ctx.render("console/invitation.html", invitation=found)
    password = request.form.get("password", "")
    problem = users.password_problem(found.email, password)
    if problem is None and password != request.form.get("password_again", ""):
        problem = "password_mismatch"
    if problem is not None:
        error = ctx.t[problem].format(min=users.MIN_PASSWORD, max=users.MAX_PASSWORD)
        return ctx.render("console/invitation.html", 422, invitation=found, error=error)
    session_token = members.accept(
        ctx.session, invitation=found, password=password, ip=request.remote_addr
    )
    ctx.start_session(session_token)
    return redirect_to(url_for("console.home"))


def _team_page(ctx: PageContext, notice: str | None = None) -> Response:
    admin = me(ctx)
    rows = [
        (member, factors.enabled(member), members.may_manage(admin, member))
        for member in members.list_members(ctx.session)
    ]
    return ctx.render(
        "console/team.html",
        rows=rows,
        invitations=members.list_invitations(ctx.session),
        roles=members.grantable_roles(admin.role),
        notice=notice,
    )


texts.register(
    {
        "zh": {
            "team_title": "团队",
            "team_role": "角色",
            "team_last_login": "最近登录",
            "team_2fa": "两步验证",
            "team_2fa_on": "已开启",
            "team_2fa_off": "未开启",
            "team_active": "正常",
            "team_removed_status": "已移除",
            "team_you": "（你）",
            "team_change_role": "更改角色",
            "team_remove": "移除",
            "team_remove_confirm": "确定移除 {email}？其所有登录会话将立即结束，"
            "之后无法再登录控制台。",
            "team_remove_do": "确认移除",
            "team_removed": "已移除 {email}，其登录会话已全部结束。",
            "team_role_changed": "{email} 的角色已改为 {role}。",
            "team_owner_only": "只有所有者（owner）可以授予、更改或移除所有者角色。",
            "team_not_yourself": "不能更改或移除你自己的账号。",
            "team_already_removed": "该成员已被移除。",
            "team_last_owner": "不能降级或移除最后一位所有者：请先指定另一位所有者。",
            "invite_title": "邀请成员",
            "invite_pending": "待接受的邀请",
            "invite_expires": "链接有效期至",
            "invite_send": "生成邀请链接",
            "invite_no_email": "系统不会发送邮件：生成后请把链接亲自发给对方。"
            "链接 72 小时内有效，只能使用一次。",
            "invite_link_once": "这是唯一一次显示该链接，请立即复制并发给 {email}"
            "（系统不会发送邮件）。"
            "它在 72 小时内有效，只能使用一次。",
            "invite_created": "已邀请 {email}",
            "invite_revoke": "撤销邀请",
            "invite_revoke_confirm": "确定撤销此邀请？链接将立即失效。",
            "invite_revoked": "已撤销对 {email} 的邀请。",
            "invite_email_invalid": "请输入有效的邮箱地址。",
            "invite_email_taken": "该邮箱已有控制台账号（每个邮箱只能属于一个租户）。",
            "invite_already_invited": "该邮箱已有一个待接受的邀请：请先撤销它。",
            "invite_role_invalid": "请选择你可以授予的角色。",
            "invite_not_sent": "未创建任何邀请。",
            "back_to_team": "返回团队",
            "invitation_title": "加入 gigkit 控制台",
            "invitation_intro": "你受邀以 {role} 角色加入，账号邮箱为 {email}。请设置密码。",
            "invitation_password_again": "再次输入密码",
            "invitation_accept": "设置密码并登录",
            "invitation_unknown": "该邀请链接无效。请向邀请你的人索取新链接。",
            "invitation_used": "该邀请链接已被使用过，不能再次使用。",
            "invitation_revoked": "该邀请已被撤销。请向邀请你的人索取新链接。",
            "invitation_expired": "该邀请链接已过期（有效期 72 小时）。请向邀请你的人索取新链接。",
            "invitation_signed_in": "你已以其他账号登录控制台：请先退出登录，再打开该链接。",
            "password_length": "密码须为 {min} 到 {max} 个字符。",
            "password_is_email": "不能用邮箱地址作密码。",
            "password_common": "这个密码太容易被猜到，请换一个。",
            "password_mismatch": "两次输入的密码不一致。",
        },
        "en": {
            "team_title": "Team",
            "team_role": "Role",
            "team_last_login": "Last sign-in",
            "team_2fa": "Two-factor",
            "team_2fa_on": "on",
            "team_2fa_off": "off",
            "team_active": "active",
            "team_removed_status": "removed",
            "team_you": " (you)",
            "team_change_role": "Change role",
            "team_remove": "Remove",
            "team_remove_confirm": "Remove {email}? All their sessions end at once and they "
            "cannot sign in to the console any more.",
            "team_remove_do": "Remove them",
            "team_removed": "{email} was removed; all their sessions ended.",
            "team_role_changed": "{email} is now {role}.",
            "team_owner_only": "Only an owner may grant, change or remove the owner role.",
            "team_not_yourself": "You cannot change or remove your own account.",
            "team_already_removed": "This member was removed already.",
            "team_last_owner": "The last owner cannot be demoted or removed: make someone "
            "else an owner first.",
            "invite_title": "Invite a colleague",
            "invite_pending": "Pending invitations",
            "invite_expires": "Link valid until",
            "invite_send": "Create the invitation link",
            "invite_no_email": "No email is sent: once created, pass the link on yourself. "
            "It is valid for 72 hours and works once.",
            "invite_link_once": "This is the only time the link is shown: copy it now and send "
            "it to {email} yourself (no email is sent). It is valid for 72 hours and works "
            "once.",
            "invite_created": "{email} invited",
            "invite_revoke": "Revoke",
            "invite_revoke_confirm": "Revoke this invitation? The link stops working at once.",
            "invite_revoked": "The invitation to {email} was revoked.",
            "invite_email_invalid": "Enter a valid email address.",
            "invite_email_taken": "This email already has a console account (an email belongs "
            "to one tenant only).",
            "invite_already_invited": "This email has a pending invitation already: revoke it "
            "first.",
            "invite_role_invalid": "Choose a role you may grant.",
            "invite_not_sent": "No invitation was created.",
            "back_to_team": "Back to the team",
            "invitation_title": "Join the gigkit console",
            "invitation_intro": "You are invited to join as {role}, with the email {email}. "
            "Choose a password.",
            "invitation_password_again": "Password again",
            "invitation_accept": "Set the password and sign in",
            "invitation_unknown": "This invitation link is not valid. Ask whoever invited you "
            "for a new one.",
            "invitation_used": "This invitation link was used already; it works only once.",
            "invitation_revoked": "This invitation was revoked. Ask whoever invited you for a "
            "new one.",
            "invitation_expired": "This invitation link has expired (links last 72 hours). Ask "
            "whoever invited you for a new one.",
            "invitation_signed_in": "You are signed in to the console already: sign out "
            "first, then open the link again.",
            "password_length": "Use {min} to {max} characters.",
            "password_is_email": "Do not use your email as the password.",
            "password_common": "This password is too easy to guess: choose another.",
            "password_mismatch": "The two passwords differ.",
        },
    }
)
