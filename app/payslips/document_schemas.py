"""Wire format of a payslip's PDF request (see `documents`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core.schemas import BaseSchema, Pattern


class PayslipDocumentQuerySchema(BaseSchema):
    locale = ma.fields.String(
        validate=[
            ma.validate.Length(max=35),
            Pattern(r"^([zZ][hH]|[eE][nN])([-_][A-Za-z0-9]{1,8})*$", error="zh-CN or en"),
        ],
        metadata={
            "description": "The language of the PDF: Chinese for any Chinese tag (zh, "
            "zh-CN, zh-Hans-CN), English for any English one (en, en-US), case-insensitive; "
            "default: the tenant's locale (zh-CN for any Chinese locale, else en)",
            "example": "zh-CN",
        },
    )

    @ma.post_load
    def language(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "locale" in data:
            data["locale"] = "zh-CN" if data["locale"].lower().startswith("zh") else "en"
        return data
