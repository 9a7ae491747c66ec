"""Wire format of contract templates: a template, its placeholders, creating one, listing."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, Pattern, Str, no_lone_surrogates
from app.signing.documents import (
    LOCALES,
    MAX_BODY_CHARS,
    MAX_DOCUMENT_CHARS,
    MAX_LINES,
    NAME,
    TYPES,
)


class TemplatePlaceholderSchema(BaseSchema):
    name = Str(
        required=True,
        max_length=40,
        validate=[Pattern(NAME.pattern)],
        metadata={"example": "wage"},
    )
    type = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(TYPES),
        metadata={
            "description": "text, integer, money (minor units), date (YYYY-MM-DD): given in "
            "`variables`; worker.name, worker.mobile, worker.id_card, employer.name, "
            "employer.credit_code: filled from the signers (mobile and ID card masked)"
        },
    )
    label = Str(max_length=200, load_default="")


class ContractTemplateSchema(BaseSchema):
    id = ma.fields.String(required=True, metadata={"example": "tpl_01m8h45kdxqf2ynbr6ke6qk468"})
    key = ma.fields.String(required=True, metadata={"example": "gig_work_zh"})
    version = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    locale = ma.fields.String(required=True, metadata={"enum": list(LOCALES)})
    body = ma.fields.String(required=True)
    placeholders = ma.fields.List(ma.fields.Nested(TemplatePlaceholderSchema), required=True)
    builtin = ma.fields.Boolean(required=True)
    created_at = DateTime(required=True)


class ContractTemplateCreateSchema(BaseSchema):
    key = Str(
        required=True,
        max_length=64,
        validate=[Pattern(r"^[a-z0-9][a-z0-9_-]{0,63}$")],
        metadata={"description": "Your name for the template; the same key makes a new version"},
    )
    name = Str(required=True, min_length=1, max_length=200)
    locale = ma.fields.String(required=True, validate=ma.validate.OneOf(LOCALES))
    body = ma.fields.String(
        required=True,
        validate=[
            ma.validate.Length(min=1, max=MAX_BODY_CHARS),
            Pattern(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$", error="Control characters."),
            no_lone_surrogates,
        ],
        metadata={
            "description": "The text, with `{{name}}` for each placeholder: at most "
            f"{MAX_BODY_CHARS:,} characters and {MAX_LINES:,} lines; filled in, a contract's "
            f"document holds at most {MAX_DOCUMENT_CHARS:,} characters (422 "
            "`document_too_large`)"
        },
    )
    placeholders = ma.fields.List(
        ma.fields.Nested(TemplatePlaceholderSchema),
        required=True,
        validate=ma.validate.Length(max=100),
    )


class ContractTemplateQuerySchema(PageQuerySchema):
    key = Str(max_length=64)
