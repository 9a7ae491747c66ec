"""Escrow: deposits, holds, releases, refunds, balances. Scopes: `escrow:read`, `escrow:write`.

Every POST here moves money: an `Idempotency-Key` is required.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.escrow import service
from app.escrow.errors import HoldNotActive, InsufficientEscrowBalance, ReleaseExceedsHold
from app.escrow.schemas import (
    DepositCreateSchema,
    DepositQuerySchema,
    DepositSchema,
    EscrowBalanceQuerySchema,
    EscrowBalanceSchema,
    HoldCreateSchema,
    HoldQuerySchema,
    HoldSchema,
    RefundCreateSchema,
    RefundSchema,
    ReleaseCreateSchema,
    ReleaseSchema,
)

blp = Blueprint("escrow", __name__, url_prefix="/v1", description="Employers' escrow.")
READ, WRITE = ["escrow:read"], ["escrow:write"]


@blp.route("/escrow/deposits")
class Deposits(MethodView):
    @blp.operation("list_deposits", scopes=READ)
    @blp.arguments(DepositQuerySchema, location="query")
    @blp.response(200, page_schema(DepositSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List deposits"""
        return service.list_deposits(ctx.session, **query)

    @blp.operation("create_deposit", scopes=WRITE, idempotency_key="required", errors=[NotFound])
    @blp.arguments(DepositCreateSchema)
    @blp.response(201, DepositSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Deposit wages into escrow

        Money from the employer, through the funding provider: `pending -> succeeded |
        failed`. A succeeded deposit is available escrow at once. In the sandbox, 400002
        (minor units) is declined and 400003 stays pending for about 5 seconds.
        """
        return service.create_deposit(ctx.session, actor=ctx.actor, **data)


@blp.route("/escrow/deposits/<id(dep):deposit_id>")
class DepositById(MethodView):
    @blp.operation("get_deposit", scopes=READ, errors=[NotFound])
    @blp.response(200, DepositSchema)
    def get(self, deposit_id: str, ctx: RequestContext) -> Any:
        """Get a deposit"""
        return service.get_deposit(ctx.session, deposit_id)


@blp.route("/escrow/holds")
class Holds(MethodView):
    @blp.operation("list_holds", scopes=READ)
    @blp.arguments(HoldQuerySchema, location="query")
    @blp.response(200, page_schema(HoldSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List holds"""
        return service.list_holds(ctx.session, **query)

    @blp.operation(
        "create_hold",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, InsufficientEscrowBalance],
    )
    @blp.arguments(HoldCreateSchema)
    @blp.response(201, HoldSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Hold escrow

        Reserves part of the employer's available escrow for a purpose (a day's wages, a
        premium). All of it or nothing: 402 `insufficient_escrow_balance` otherwise.
        """
        return service.create_hold(ctx.session, actor=ctx.actor, **data)


@blp.route("/escrow/holds/<id(hld):hold_id>")
class HoldById(MethodView):
    @blp.operation("get_hold", scopes=READ, errors=[NotFound])
    @blp.response(200, HoldSchema)
    def get(self, hold_id: str, ctx: RequestContext) -> Any:
        """Get a hold"""
        return service.get_hold(ctx.session, hold_id)


@blp.route("/escrow/holds/<id(hld):hold_id>/release")
class HoldRelease(MethodView):
    @blp.operation(
        "release_hold",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, HoldNotActive, ReleaseExceedsHold],
    )
    @blp.arguments(ReleaseCreateSchema)
    @blp.response(201, ReleaseSchema)
    def post(self, data: dict[str, Any], hold_id: str, ctx: RequestContext) -> Any:
        """Release a hold to a worker

        Moves `amount` (default: all that remains) into the worker's payable, from where
        it is paid out. Unless `keep_remainder_held`, the hold closes and what is left goes
        back to available escrow. 409 `hold_not_active` for a released or cancelled hold,
        422 `release_exceeds_hold` for more than remains.
        """
        return service.release_hold(ctx.session, actor=ctx.actor, hold_id=hold_id, **data)


@blp.route("/escrow/holds/<id(hld):hold_id>/cancel")
class HoldCancel(MethodView):
    @blp.operation(
        "cancel_hold", scopes=WRITE, idempotency_key="required", errors=[NotFound, HoldNotActive]
    )
    @blp.response(200, HoldSchema)
    def post(self, hold_id: str, ctx: RequestContext) -> Any:
        """Cancel a hold

        Everything that remains goes back to available escrow.
        """
        return service.cancel_hold(ctx.session, actor=ctx.actor, hold_id=hold_id)


@blp.route("/escrow/refunds")
class Refunds(MethodView):
    @blp.operation(
        "create_refund",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, InsufficientEscrowBalance],
    )
    @blp.arguments(RefundCreateSchema)
    @blp.response(201, RefundSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Refund escrow to the employer

        Unused, available escrow goes back to the employer: all of `amount` or nothing
        (402 `insufficient_escrow_balance`).
        """
        return service.create_refund(ctx.session, actor=ctx.actor, **data)


@blp.route("/escrow/refunds/<id(rfd):refund_id>")
class RefundById(MethodView):
    @blp.operation("get_refund", scopes=READ, errors=[NotFound])
    @blp.response(200, RefundSchema)
    def get(self, refund_id: str, ctx: RequestContext) -> Any:
        """Get a refund"""
        return service.get_refund(ctx.session, refund_id)


@blp.route("/employers/<id(emp):employer_id>/escrow")
class EmployerEscrow(MethodView):
    @blp.operation("get_employer_escrow", scopes=READ, errors=[NotFound])
    @blp.arguments(EscrowBalanceQuerySchema, location="query")
    @blp.response(200, EscrowBalanceSchema)
    def get(self, query: dict[str, Any], employer_id: str, ctx: RequestContext) -> Any:
        """Get an employer's escrow

        Available (free to hold), held (reserved by holds) and total, in one currency.
        """
        return service.balance(ctx.session, employer_id=employer_id, **query)
