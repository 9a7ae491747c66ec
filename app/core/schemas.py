"""Wire-format building blocks shared by every block's `schemas.py`.

- Unknown fields are refused (marshmallow RAISE) so a typo or a smuggled `tenant_id` is a 422.
- `Str` refuses NUL and other control characters (PostgreSQL cannot store NUL; none of them
  belongs in a name), refuses blank values where a value is required, and always has a
  maximum length; all of it lands in the spec as `maxLength`/`pattern` so fuzzers and SDKs
  see the same rule. Values are stored as sent, never trimmed.
- `Int` is strict (no `"10"`, no `10.0`) and bounded to a signed 64-bit range; `Bool` is
  strict too (no 1, no "true") for bodies. Query strings keep marshmallow's `Boolean`.
- `DateTime` always dumps RFC 3339 with an offset, in UTC.
- `Metadata`: up to 50 keys of 40 characters, values up to 500 characters (Stripe's limits).
- `ObjectOf`: a JSON object with rules for its keys. OpenAPI 3.0 has no `propertyNames`
  (3.1 has): the key rule is written as `x-propertyNames` (the same JSON Schema, for
  readers and tools that know it) and in the description; `maxProperties` is standard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma

from app.core.documents import language
from app.core.ids import id_pattern
from app.core.money import CURRENCIES, MAX_AMOUNT
from app.core.time import ensure_utc

NO_CONTROL_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# Required text: at least one visible character, no control characters at all. Values are
# stored as sent (nothing is trimmed), so what the spec accepts is exactly what is kept.
NOT_BLANK = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
INT64_MAX = 2**63 - 1


# A calendar month, YYYY-MM, from 0001-01 (there is no year 0000).
MONTH_PATTERN = r"^([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-(0[1-9]|1[0-2])$"


class Pattern(ma.validate.Regexp):
    """A regular expression with JSON Schema's meaning: the *whole* value must match.
    (Python's `$` also matches before a final newline; the spec's `pattern` does not.)"""

    def __call__(self, value: Any) -> Any:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value

    def _format_error(self, value: Any) -> str:
        """marshmallow fills `{input}`/`{regex}` in with `str.format`; a message that quotes
        a pattern's own braces (`[0-9]{16}`) is given as it is, never a KeyError."""
        try:
            return super()._format_error(value)
        except (IndexError, KeyError, ValueError):
            return self.error


class BaseSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


def no_lone_surrogates(value: str) -> None:
    """`"\\ud800"` is valid JSON but no UTF-8 text: nothing could store it. (Not in the
    spec's patterns: JSON Schema's regex dialect has no way to say it.)"""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ma.ValidationError("Not valid Unicode text (a lone surrogate).")


class Str(ma.fields.String):
    def __init__(self, *, max_length: int = 200, min_length: int = 0, **kwargs: Any) -> None:
        validators = list(kwargs.pop("validate", None) or [])
        validators.append(no_lone_surrogates)
        validators.append(ma.validate.Length(min=min_length or None, max=max_length))
        if not any(isinstance(v, Pattern) for v in validators):
            # A field with its own pattern must exclude control characters in that pattern.
            if min_length:
                validators.append(Pattern(NOT_BLANK, error="Must not be blank or hold controls."))
            else:
                validators.append(
                    Pattern(NO_CONTROL_CHARS, error="Control characters are not allowed.")
                )
        super().__init__(validate=validators, **kwargs)


class Int(ma.fields.Integer):
    def __init__(self, *, minimum: int = -INT64_MAX, maximum: int = INT64_MAX, **kwargs: Any):
        validators = list(kwargs.pop("validate", None) or [])
        validators.append(ma.validate.Range(min=minimum, max=maximum))
        super().__init__(strict=True, validate=validators, **kwargs)


class Bool(ma.fields.Boolean):
    """A JSON boolean in a body: `true` or `false`, not 1, 0 or "yes"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def IdRef(prefix: str, **kwargs: Any) -> ma.fields.String:
    """The id of another object, by its prefix (`emp`, `wkr`): a malformed one is a 422."""
    return ma.fields.String(
        validate=Pattern(f"^{id_pattern(prefix)}$"),
        metadata={"example": f"{prefix}_{'1' * 26}"},
        **kwargs,
    )


def TestClockRef(**kwargs: Any) -> ma.fields.String:
    """`test_clock`: the test clock the object was made under (`core.stamps.OnTestClock`).
    Dumps the model's `test_clock_id`; give `attribute=None` for a view that is a dict."""
    kwargs.setdefault("attribute", "test_clock_id")
    if kwargs["attribute"] is None:
        del kwargs["attribute"]
    return ma.fields.String(
        required=True,
        allow_none=True,
        dump_only=True,
        metadata={
            "description": "The test clock (`clk_...`) of a test-mode tenant it was made "
            "under; kept after the clock is deleted. `null` otherwise, always in live mode."
        },
        **kwargs,
    )


def Amount(**kwargs: Any) -> Int:
    """A positive amount of money in minor units (fen for CNY): 28000 is 280.00 CNY."""
    metadata = {
        "description": "Positive integer, in the currency's minor units (28000 = 280.00 CNY)",
        "example": 28000,
        **kwargs.pop("metadata", {}),
    }
    return Int(minimum=1, maximum=MAX_AMOUNT, metadata=metadata, **kwargs)


def Currency(**kwargs: Any) -> ma.fields.String:
    """An ISO 4217 code gigkit supports, upper case."""
    metadata = {"example": "CNY", **kwargs.pop("metadata", {})}
    return ma.fields.String(
        validate=ma.validate.OneOf(sorted(CURRENCIES)), metadata=metadata, **kwargs
    )


class DateTime(ma.fields.DateTime):
    def _serialize(self, value: dt.datetime | None, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if value is not None:
            value = ensure_utc(value)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dt.datetime:
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is None:
            raise ma.ValidationError(
                "Give a time zone offset (RFC 3339), e.g. 2026-05-01T08:00:00Z"
            )
        try:
            return ensure_utc(result)
        except OverflowError as exc:  # 9999-12-31T23:59:59-01:00 is past year 9999 in UTC
            raise ma.ValidationError("Out of the supported range of times.") from exc


def ObjectOf(
    *, keys: ma.fields.String, values: ma.fields.Field, max_keys: int, **kwargs: Any
) -> ma.fields.Dict:
    """An object whose keys obey `keys` (a `Str`) and values `values`, with at most
    `max_keys` keys; the spec says all three (see the module docstring)."""

    def at_most(value: dict[str, Any]) -> None:
        if len(value) > max_keys:
            raise ma.ValidationError(f"At most {max_keys} keys.")

    metadata = {"maxProperties": max_keys, "x-propertyNames": _string_rules(keys)}
    return ma.fields.Dict(
        keys=keys,
        values=values,
        validate=at_most,
        metadata={**metadata, **kwargs.pop("metadata", {})},
        **kwargs,
    )


def _string_rules(field: ma.fields.String) -> dict[str, Any]:
    """A string field's length and pattern, as JSON Schema."""
    rules: dict[str, Any] = {"type": "string"}
    for validator in field.validators:
        if isinstance(validator, ma.validate.Length):
            rules.update({"minLength": validator.min} if validator.min else {})
            rules.update({"maxLength": validator.max} if validator.max is not None else {})
        elif isinstance(validator, Pattern):
            rules["pattern"] = validator.regex.pattern
    return rules


METADATA_MAX_KEYS = 50


def Metadata(description: str = "", **kwargs: Any) -> ma.fields.Dict:
    return ObjectOf(
        keys=Str(max_length=40, min_length=1, validate=[Pattern(r"^[^\[\]\x00-\x1f\x7f]+$")]),
        values=Str(max_length=500),
        max_keys=METADATA_MAX_KEYS,
        metadata={
            "description": "Your own key-value pairs: up to 50 keys of 1-40 characters "
            "(no `[`, `]` or control characters), values up to 500 characters. Never put "
            "personal data here. " + description
        },
        **kwargs,
    )


class DocumentQuerySchema(BaseSchema):
    """The query of a document (PDF) route: its language."""

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
    def document_language(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "locale" in data:
            data["locale"] = language(data["locale"])
        return data


class FieldErrorSchema(BaseSchema):
    location = ma.fields.String(
        required=True, metadata={"description": "body, query, path, header or form"}
    )
    field = ma.fields.String(required=True, metadata={"description": "Dotted path to the field"})
    message = ma.fields.String(required=True)


class ProblemSchema(BaseSchema):
    """RFC 9457 problem details, with gigkit's extension members."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String(required=True, metadata={"description": "URI naming the problem"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    code = ma.fields.String(
        required=True,
        metadata={"description": "Stable machine-readable code (docs/errors-and-idempotency.md)"},
    )
    request_id = ma.fields.String(allow_none=True, metadata={"description": "Quote it to support"})
    param = ma.fields.String(metadata={"description": "The first offending field"})
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema))
    existing_id = ma.fields.String(
        metadata={"description": "On a duplicate: the id of the object that already exists"}
    )
    required_scopes = ma.fields.List(ma.fields.String())
    error = ma.fields.String(metadata={"description": "OAuth 2.0 error code (OAuth endpoints)"})
    error_description = ma.fields.String()
