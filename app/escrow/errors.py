"""Errors of the escrow block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed


class HoldNotActive(Conflict):
    """The hold was released in full or cancelled: nothing can be released from it."""

    code = "hold_not_active"
    detail = "This hold is no longer active."


class ReleaseExceedsHold(ValidationFailed):
    """More than what remains on the hold was asked for."""

    code = "release_exceeds_hold"
    detail = "The amount is larger than what remains on the hold."
