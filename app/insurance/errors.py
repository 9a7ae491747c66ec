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


class NotCovered(ValidationFailed):
    """The incident is outside every cover window of the policy that has started (`active` or
    `expired` days, `[cover_starts_at, cover_ends_at)`); `nearest_window` names the closest
    one (null if no day's cover ever started)."""

    code = "not_covered"
    remedy = "check the incident time against the policy's cover windows"


class ClaimAboveSumInsured(ValidationFailed):
    """The amount claimed is above the sum insured of the coverage claimed."""

    code = "claim_above_sum_insured"
    remedy = "claim at most the sum insured (see the policy's product version)"
