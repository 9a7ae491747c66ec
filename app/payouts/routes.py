"""Payouts to workers' wallets. Scopes: `payouts:read`, `payouts:write`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import InvalidState, NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.parties.errors import PayoutAccountMissing
from app.payouts import reconciliation, service
from app.payouts.errors import DestinationUnavailable, InsufficientPayableBalance
from app.payouts.schemas import (
    PayoutCreateSchema,
    PayoutQuerySchema,
    PayoutRetrySchema,
    PayoutSchema,
    ReconciliationQuerySchema,
    ReconciliationSchema,
)

blp = Blueprint("payouts", __name__, url_prefix="/v1", description="Payouts to workers.")
READ, WRITE = ["payouts:read"], ["payouts:write"]


@blp.route("/payouts")
class Payouts(MethodView):
    @blp.operation("list_payouts", scopes=READ)
    @blp.arguments(PayoutQuerySchema, location="query")
    @blp.response(200, page_schema(PayoutSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List payouts"""
        return service.list_payouts(ctx.session, **query)

    @blp.operation(
        "create_payout",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, PayoutAccountMissing, InsufficientPayableBalance],
    )
    @blp.arguments(PayoutCreateSchema)
    @blp.response(201, PayoutSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Pay a worker

        Sends `amount` of the worker's payable to their payout account. The money is
        reserved at once (402 `insufficient_payable_balance` if it is not there) and sent
        right after: `pending -> processing -> paid | failed`, and `paid -> returned` if the
        bank sends it back. A failed or returned payout's money is back in the payable.

        The destination is the worker's payout account at this moment, recorded on the
        payout (`destination_*`, and `attempts[0]`): changing the worker's account later
        does not redirect this payout, not even a send that happens later or is repeated.
        422 `payout_account_missing` if the worker has none.
        """
        return service.create_payout(ctx.session, actor=ctx.actor, **data)


@blp.route("/payouts/reconciliation")
class PayoutReconciliation(MethodView):
    @blp.operation("get_payout_reconciliation", scopes=READ)
    @blp.arguments(ReconciliationQuerySchema, location="query")
    @blp.response(200, ReconciliationSchema)
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """Reconcile payouts with the provider

        For one calendar day in the tenant's time zone: every transfer the provider made
        that day against its payout, and every payout paid that day against the provider's
        records. Lists each mismatch: a transfer no payout accounts for, a paid payout the
        provider does not know, different amounts or states.

        `date` must be from 0001-01-02 to 9999-12-30: the first and last days that can be
        represented are refused (422 `validation_error` on `date`), because the start or
        end of such a day in the tenant's time zone falls outside the representable range.
        """
        return reconciliation.report(ctx.session, day=query["date"])


@blp.route("/payouts/<id(po):payout_id>")
class PayoutById(MethodView):
    @blp.operation("get_payout", scopes=READ, errors=[NotFound])
    @blp.response(200, PayoutSchema)
    def get(self, payout_id: str, ctx: RequestContext) -> Any:
        """Get a payout"""
        return service.get_payout(ctx.session, payout_id)


@blp.route("/payouts/<id(po):payout_id>/retry")
class PayoutRetry(MethodView):
    @blp.operation(
        "retry_payout",
        scopes=WRITE,
        idempotency_key="required",
        errors=[
            NotFound,
            InvalidState,
            DestinationUnavailable,
            PayoutAccountMissing,
            InsufficientPayableBalance,
        ],
    )
    @blp.arguments(PayoutRetrySchema, required=False)
    @blp.response(200, PayoutSchema)
    def post(self, data: dict[str, Any], payout_id: str, ctx: RequestContext) -> Any:
        """Retry a failed payout

        Starts a new attempt (`attempt` + 1, a new pending ledger transaction); never pays
        twice. 409 `invalid_state` unless the payout failed; 402
        `insufficient_payable_balance` if the payable no longer holds the amount.

        The body is optional. By default the new attempt pays the same destination as the
        failed one. After correcting the worker's payout account (say the payout failed with
        `account_closed`), send `{"refresh_destination": true}`: the attempt then pays the
        worker's account as it is now (422 `payout_account_missing` if there is none).
        A payout created before destinations were recorded on payouts (failure_code
        `destination_unavailable`) can only be retried with `refresh_destination` (422
        `destination_unavailable` otherwise). Each attempt and its destination are listed in
        `attempts`, also in the `payout.retried` event.
        """
        return service.retry_payout(ctx.session, actor=ctx.actor, payout_id=payout_id, **data)
