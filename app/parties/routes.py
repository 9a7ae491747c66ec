"""Employers and workers. Scopes: `parties:read`, `parties:write`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.parties import service
from app.parties.errors import EmployerExists, WorkerExists
from app.parties.schemas import (
    EmployerCreateSchema,
    EmployerQuerySchema,
    EmployerSchema,
    EmployerUpdateSchema,
    WorkerCreateSchema,
    WorkerQuerySchema,
    WorkerSchema,
    WorkerUpdateSchema,
)

blp = Blueprint("parties", __name__, url_prefix="/v1", description="Employers and workers.")
READ, WRITE = ["parties:read"], ["parties:write"]


@blp.route("/employers")
class Employers(MethodView):
    @blp.operation("list_employers", scopes=READ)
    @blp.arguments(EmployerQuerySchema, location="query")
    @blp.response(200, page_schema(EmployerSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List employers

        Newest first; filter by exact `credit_code` or by part of the `name`.
        """
        return service.list_employers(ctx.session, **query)

    @blp.operation("create_employer", scopes=WRITE, errors=[EmployerExists])
    @blp.arguments(EmployerCreateSchema)
    @blp.response(201, EmployerSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Register an employer

        The unified social credit code's check character is verified (GB 32100). One
        employer per code: a second registration answers 409 `employer_exists` with
        `existing_id`.
        """
        return service.create_employer(ctx.session, actor=ctx.actor, **data)


@blp.route("/employers/<id(emp):employer_id>")
class EmployerById(MethodView):
    @blp.operation("get_employer", scopes=READ, errors=[NotFound])
    @blp.response(200, EmployerSchema)
    def get(self, employer_id: str, ctx: RequestContext) -> Any:
        """Get an employer"""
        return service.get_employer(ctx.session, employer_id)

    @blp.operation("update_employer", scopes=WRITE, errors=[NotFound, EmployerExists])
    @blp.arguments(EmployerUpdateSchema, required=False)
    @blp.response(200, EmployerSchema)
    def patch(self, changes: dict[str, Any], employer_id: str, ctx: RequestContext) -> Any:
        """Update an employer

        Only the fields sent change; `metadata` is merged.
        """
        return service.update_employer(
            ctx.session, actor=ctx.actor, employer_id=employer_id, changes=changes
        )


@blp.route("/workers")
class Workers(MethodView):
    @blp.operation("list_workers", scopes=READ)
    @blp.arguments(WorkerQuerySchema, location="query")
    @blp.response(200, page_schema(WorkerSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List workers

        Newest first; filter by `mobile`, `skill` or part of the `name`.
        """
        return service.list_workers(ctx.session, **query)

    @blp.operation("create_worker", scopes=WRITE, errors=[WorkerExists])
    @blp.arguments(WorkerCreateSchema)
    @blp.response(201, WorkerSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Register a worker

        The ID-card number's check digit is verified (GB 11643); it is stored encrypted and
        only ever shown masked. One worker per ID-card number: a second registration answers
        409 `worker_exists` with `existing_id`.
        """
        return service.create_worker(ctx.session, actor=ctx.actor, **data)


@blp.route("/workers/<id(wkr):worker_id>")
class WorkerById(MethodView):
    @blp.operation("get_worker", scopes=READ, errors=[NotFound])
    @blp.response(200, WorkerSchema)
    def get(self, worker_id: str, ctx: RequestContext) -> Any:
        """Get a worker"""
        return service.get_worker(ctx.session, worker_id)

    @blp.operation("update_worker", scopes=WRITE, errors=[NotFound, WorkerExists])
    @blp.arguments(WorkerUpdateSchema, required=False)
    @blp.response(200, WorkerSchema)
    def patch(self, changes: dict[str, Any], worker_id: str, ctx: RequestContext) -> Any:
        """Update a worker

        Only the fields sent change; `metadata` is merged; `payout_account: null` removes it.
        """
        return service.update_worker(
            ctx.session, actor=ctx.actor, worker_id=worker_id, changes=changes
        )
