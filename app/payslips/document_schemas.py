"""Wire format of a payslip's PDF request (see `documents`)."""

from __future__ import annotations

import marshmallow as ma

from app.core.schemas import BaseSchema
from app.payslips.documents import LOCALES


class PayslipDocumentQuerySchema(BaseSchema):
    locale = ma.fields.String(
        validate=ma.validate.OneOf(LOCALES),
        metadata={
            "description": "The language of the PDF; default: the tenant's locale (zh-CN for "
            "any Chinese locale, else en)",
            "example": "zh-CN",
        },
    )
