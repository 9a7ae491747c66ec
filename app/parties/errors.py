"""Errors of the parties block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed


class EmployerExists(Conflict):
    """An employer with this unified social credit code exists; see `existing_id`."""

    code = "employer_exists"
    detail = "An employer with this unified social credit code already exists."
    remedy = "use `existing_id`"


class WorkerExists(Conflict):
    """A worker with this ID-card number exists; see `existing_id`."""

    code = "worker_exists"
    detail = "A worker with this ID-card number is already registered."
    remedy = "use `existing_id`"


class PayoutAccountMissing(ValidationFailed):
    """The worker has no payout account to pay into."""

    code = "payout_account_missing"
    detail = "This worker has no payout account; add one with PATCH /v1/workers/{id}."
    remedy = "add a payout account to the worker; see [money.md](money.md#6-money-error-codes)"
