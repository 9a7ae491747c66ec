"""Errors of the payouts block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed, field_error
from app.ledger.errors import InsufficientBalance

DESTINATION_UNAVAILABLE = "destination_unavailable"


class DestinationUnavailable(ValidationFailed):
    """The payout records no destination it can pay again (it was created before
    destinations were recorded, or its record cannot be decrypted): only a retry that
    refreshes the destination can pay it."""

    code = DESTINATION_UNAVAILABLE
    remedy = 'retry with `{"refresh_destination": true}`'
    detail = (
        "This payout has no recorded destination to pay again; retry with "
        '{"refresh_destination": true} to pay the worker\'s current payout account.'
    )

    def __init__(self) -> None:
        super().__init__(
            errors=[field_error("refresh_destination", "Must be true for this payout.")]
        )


class PayoutSourceConflict(Conflict):
    """A payout's `source` appears twice in one batch, or a concurrent request created
    payouts for these sources meanwhile (nothing was written)."""

    code = "payout_source_conflict"
    remedy = "re-read: the first request's payouts stand"


class InsufficientPayableBalance(InsufficientBalance):
    """Not enough available money payable to the worker; nothing was written."""

    code = "insufficient_payable_balance"
