"""Errors of the insurance block."""

from __future__ import annotations

from app.core.errors import Conflict, ValidationFailed


class PolicyOverlaps(Conflict):
    """The worker already has cover (not cancelled) on one of these days: one policy per
    worker and day."""

    code = "policy_overlaps"
    remedy = "leave out the days already covered, or cancel that cover first"


class NotInsurable(ValidationFailed):
    """The worker or the work is outside the product's terms: age on a covered day, or an
    excluded job category."""

    code = "not_insurable"
    remedy = "choose a product whose terms cover this worker and work"


class PolicyNotCancellable(Conflict):
    """Nothing on this policy can be cancelled any more: every day has started, ended or was
    cancelled already."""

    code = "policy_not_cancellable"
    remedy = "re-read the policy"


class UnknownInsurer(ValidationFailed):
    """No insurer of that name is configured."""

    code = "unknown_insurer"
    remedy = "use an insurer the platform offers (`sandbox`)"
