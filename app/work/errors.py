"""Errors of the work block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed, field_error
from app.work.pay import PayError


class EngagementNotActive(Conflict):
    """The engagement was cancelled: nothing more can be scheduled or clocked on it."""

    code = "engagement_not_active"
    detail = "This engagement is not active."
    remedy = "create a new engagement"


class ShiftNotScheduled(Conflict):
    """Clock-in, no-show and cancel apply to a scheduled shift only."""

    code = "shift_not_scheduled"
    remedy = "re-read the shift"


class ShiftNotInProgress(Conflict):
    """Clock-out applies to a shift that was clocked in and is not settled yet (a settled
    shift is settled once; its payslip says what was paid)."""

    code = "shift_not_in_progress"
    remedy = "re-read the shift"


class ShiftExists(Conflict):
    """The worker already has a shift that day (one per worker per day)."""

    code = "shift_exists"
    remedy = "use the existing shift, or cancel it first"


class ContractNotSigned(Conflict):
    """The engagement's contract is not completed: no clock-in before every party signed."""

    code = "contract_not_signed"
    remedy = "have every signer sign the contract"


class ClockTimeInvalid(ValidationFailed):
    """A clock time in the future (beyond the tolerance), more than 12 hours ago, before the
    shift's day, a clock-in after it, or a clock-out not after the clock-in or more than 24
    hours after it."""

    code = "clock_time_invalid"
    remedy = "send the time it happened, or none for now"


class OutsideGeofence(ValidationFailed):
    """The location is outside the work site's geofence, or was not sent, and the engagement
    refuses it."""

    code = "outside_geofence"
    remedy = "clock in or out at the work site"


def invalid_pay(error: PayError, prefix: str = "") -> ValidationFailed:
    """The 422 for a `PayError`, naming its field."""
    field = f"{prefix}{error.field}"
    return ValidationFailed(error.message, errors=[field_error(field, error.message)])
