"""The console's message catalogue: Chinese (zh-CN, the default) and English. Every string a
console page shows comes from here; templates escape them like any other value."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-CN",
        "console": "gigkit 管理控制台",
        "login_title": "登录",
        "email": "邮箱",
        "password": "密码",
        "log_in": "登录",
        "log_out": "退出登录",
        "login_failed": "邮箱或密码不正确。",
        "login_throttled": "尝试次数过多，请稍后再试。",
        "signed_in_as": "当前用户",
        "api_keys": "API 密钥",
        "oauth_clients": "OAuth 客户端",
        "webhooks": "Webhook",
        "team": "团队",
        "audit_log": "审计日志",
        "usage": "用量",
        "escrow": "托管资金",
        "copy": "复制",
        "copied": "已复制",
        "name": "名称",
        "scopes": "权限范围",
        "created": "创建时间",
        "last_used": "最近使用",
        "status": "状态",
        "expires": "过期时间（可选）",
        "never": "从未",
        "no_keys": "还没有 API 密钥。",
        "create_key": "创建密钥",
        "revoke": "吊销",
        "revoke_confirm": "确定吊销密钥 {name}？使用它的集成将立即无法调用 API。",
        "revoke_do": "确认吊销",
        "cancel": "取消",
        "revoked": "密钥 {name} 已吊销。",
        "secret_once": "这是唯一一次显示该密钥，请立即复制并妥善保存。",
        "key_created": "已创建密钥 {name}",
        "back_to_keys": "返回密钥列表",
        "status_active": "有效",
        "status_expired": "已过期",
        "status_revoked": "已吊销",
        "name_required": "请填写名称。",
        "name_too_long": "名称最多 {max} 个字符（你输入了 {length} 个）。",
        "scopes_required": "请至少选择一个权限范围。",
        "scope_unknown": "未知的权限范围。",
        "expiry_invalid": "过期时间无效，须为将来的时间。",
        "not_created": "未创建任何密钥。",
        "error_title": "出错了",
        "error_400": "请求无效。",
        "error_403": "你没有权限执行此操作。",
        "error_csrf": "表单已失效或来源不明，请返回页面刷新后重试。",
        "error_404": "找不到该页面或对象。",
        "error_405": "不支持该请求方式。",
        "error_409": "该对象的状态已改变（例如已被轮换或吊销），未做任何更改。请返回列表刷新。",
        "error_422": "输入有误，未做任何更改。",
        "error_429": "请求过多，请稍后再试。",
        "error_500": "服务器出错，未做任何更改。请稍后再试。",
        "error_503": "服务暂时不可用，请稍后再试。",
        "home": "返回首页",
        "language": "English",
    },
    "en": {
        "html_lang": "en",
        "console": "gigkit admin console",
        "login_title": "Sign in",
        "email": "Email",
        "password": "Password",
        "log_in": "Sign in",
        "log_out": "Sign out",
        "login_failed": "Wrong email or password.",
        "login_throttled": "Too many attempts. Try again later.",
        "signed_in_as": "Signed in as",
        "api_keys": "API keys",
        "oauth_clients": "OAuth clients",
        "webhooks": "Webhooks",
        "team": "Team",
        "audit_log": "Audit log",
        "usage": "Usage",
        "escrow": "Escrow",
        "copy": "Copy",
        "copied": "Copied",
        "name": "Name",
        "scopes": "Scopes",
        "created": "Created",
        "last_used": "Last used",
        "status": "Status",
        "expires": "Expires (optional)",
        "never": "never",
        "no_keys": "No API keys yet.",
        "create_key": "Create key",
        "revoke": "Revoke",
        "revoke_confirm": "Revoke the key {name}? Integrations using it stop working at once.",
        "revoke_do": "Revoke it",
        "cancel": "Cancel",
        "revoked": "The key {name} was revoked.",
        "secret_once": "This is the only time the key is shown: copy it now and keep it safe.",
        "key_created": "Key {name} created",
        "back_to_keys": "Back to API keys",
        "status_active": "active",
        "status_expired": "expired",
        "status_revoked": "revoked",
        "name_required": "Enter a name.",
        "name_too_long": "A name has at most {max} characters (this one has {length}).",
        "scopes_required": "Choose at least one scope.",
        "scope_unknown": "Unknown scope.",
        "expiry_invalid": "The expiry is not valid: it must be in the future.",
        "not_created": "No key was created.",
        "error_title": "Something went wrong",
        "error_400": "The request is not valid.",
        "error_403": "You are not allowed to do this.",
        "error_csrf": "The form expired or did not come from this console: go back, reload the "
        "page and try again.",
        "error_404": "No such page or object.",
        "error_405": "That method is not allowed here.",
        "error_409": "The object changed meanwhile (rotated or revoked, say); nothing was "
        "changed. Go back to the list and reload it.",
        "error_422": "The input is not valid; nothing was changed.",
        "error_429": "Too many requests. Try again later.",
        "error_500": "Something failed on our side; nothing was changed. Try again later.",
        "error_503": "The service is unavailable for a moment. Try again later.",
        "home": "Back to the console",
        "language": "中文",
    },
}
LANGUAGES = tuple(TEXTS)


def register(catalogue: dict[str, dict[str, str]]) -> None:
    """Add a page module's messages (`{"zh": {...}, "en": {...}}`): every language must
    have the same keys, and no key may already be taken."""
    if set(catalogue) != set(LANGUAGES):
        raise ValueError(f"messages for {sorted(catalogue)}, not {sorted(LANGUAGES)}")
    keys = set(catalogue["zh"])
    for lang, messages in catalogue.items():
        if set(messages) != keys:
            raise ValueError(f"{lang} has other keys: {sorted(set(messages) ^ keys)}")
        taken = keys & set(TEXTS[lang])
        if taken:
            raise ValueError(f"keys already in the catalogue: {sorted(taken)}")
    for lang, messages in catalogue.items():
        TEXTS[lang].update(messages)


def language_of_locale(locale: str | None) -> str | None:
    if not locale:
        return None
    return "zh" if locale.lower().startswith("zh") else "en"
