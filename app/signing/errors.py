"""Errors of the signing block."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.errors import (
    InvalidState,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
    field_error,
)


def invalid(problems: Sequence[tuple[str, str]]) -> ValidationFailed:
    return ValidationFailed(problems[0][1], errors=[field_error(f, m) for f, m in problems])


class AlreadySigned(InvalidState):
    """This signer has already signed the contract: a signature is given once."""

    code = "already_signed"
    detail = "This signer has already signed."
    remedy = "re-read the contract; see [signing.md](signing.md#8-errors)"


class NotSignersTurn(InvalidState):
    """A signature out of turn: the signers of a lower `order` sign first."""

    code = "not_signers_turn"
    remedy = "sign after the earlier signers; see [signing.md](signing.md#8-errors)"


class DocumentTooLarge(ValidationFailed):
    """The filled-in contract would exceed 30,000 characters or 2,000 lines."""

    code = "document_too_large"
    remedy = "shorten the template or the variables; see [signing.md](signing.md#8-errors)"


class TooManyRenderings(RateLimited):
    """50 of your contract PDFs are already being made (`Retry-After: 5`)."""

    code = "too_many_renderings"
    remedy = "wait, then ask again"


class DocumentUnavailable(ServiceUnavailable):
    """This contract's PDF could not be made (three attempts failed; logged at ERROR for the
    operator)."""

    code = "document_unavailable"
    detail = (
        "This contract's PDF could not be made; the error is logged for the operator. "
        "Quote the request id."
    )
    remedy = "report the `request_id`"
