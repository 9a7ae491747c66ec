"""Errors of the parties block."""

from __future__ import annotations

from app.core.errors import ValidationFailed


class PayoutAccountMissing(ValidationFailed):
    """The worker has no payout account to pay into."""

    code = "payout_account_missing"
    detail = "This worker has no payout account; add one with PATCH /v1/workers/{id}."
