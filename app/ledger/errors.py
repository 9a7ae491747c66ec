"""Errors of the ledger."""

from __future__ import annotations

from app.core.errors import AppError


class InsufficientBalance(AppError):
    """An account would go below zero; nothing was written (402, like a declined payment)."""

    status = 402
    code = "insufficient_balance"
    detail = "Not enough available balance."


class UnbalancedTransaction(AppError):
    """Entries that do not add up, or amounts or currencies the ledger cannot hold."""

    status = 422
    code = "invalid_ledger_transaction"
    detail = "The ledger transaction is not valid."
