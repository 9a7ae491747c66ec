"""Errors of the ledger."""

from __future__ import annotations

from app.core.errors import AppError


class InsufficientBalance(AppError):
    """An account would go below zero; nothing was written (402, like a declined payment).

    The ledger's callers name the account in their own subclass (`insufficient_code=`):
    `escrow.errors.InsufficientEscrowBalance`, `payouts.errors.InsufficientPayableBalance`."""

    status = 402
    code = "insufficient_balance"
    detail = "Not enough available balance."
    remedy = "see [money.md](money.md#6-money-error-codes)"


class UnbalancedTransaction(AppError):
    """Entries that do not add up, or amounts or currencies the ledger cannot hold."""

    status = 422
    code = "invalid_ledger_transaction"
    detail = "The ledger transaction is not valid."


class CurrencyMismatch(UnbalancedTransaction):
    """The amount's currency is not the currency of the account it would move."""

    code = "currency_mismatch"
    remedy = "use the account's currency; see [money.md](money.md#6-money-error-codes)"
