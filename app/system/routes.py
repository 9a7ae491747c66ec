"""`/healthz` (the process answers) and `/readyz` (the database and Redis answer)."""

from __future__ import annotations

from typing import Any

import flask_smorest
import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from app.core.error_codes import problem_responses
from app.core.errors import InternalError
from app.core.schemas import BaseSchema
from app.system import service
from app.system.errors import NotReady

blp = flask_smorest.Blueprint("system", __name__, description="Liveness and readiness.")


class HealthSchema(BaseSchema):
    status = ma.fields.String(required=True)
    database = ma.fields.String()
    redis = ma.fields.String()


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="get_health", security=[])
    @blp.response(200, HealthSchema)
    def get(self) -> Any:
        """Liveness

        The process is up. Touches nothing else.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.doc(operationId="get_readiness", security=[])
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, response=problem_responses([NotReady])[503])
    @blp.alt_response(500, response=problem_responses([InternalError])[500])
    def get(self) -> Any:
        """Readiness

        The database and, when configured, Redis answer. 503 `not_ready` otherwise.
        """
        return service.readiness(current_app.extensions["gigkit"])
