"""Errors of the escrow block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed
from app.ledger.errors import InsufficientBalance


class HoldNotActive(Conflict):
    """The escrow hold was released in full or cancelled: nothing can be released from it."""

    code = "hold_not_active"
    detail = "This hold is no longer active."
    remedy = "re-read the hold"


class ReleaseExceedsHold(ValidationFailed):
    """More than what remains on the hold was asked for."""

    code = "release_exceeds_hold"
    detail = "The amount is larger than what remains on the hold."
    remedy = "release at most the hold's remainder"


class ReleaseSourceConflict(Conflict):
    """A release's `source` was released for another hold or worker, or appears twice in
    one batch: a source is paid at most once."""

    code = "release_source_conflict"
    remedy = "give each release its own source"


class InsufficientEscrowBalance(InsufficientBalance):
    """Not enough available money in the employer's escrow; nothing was written."""

    code = "insufficient_escrow_balance"
