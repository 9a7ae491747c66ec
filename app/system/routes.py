"""`/healthz` (the process answers) and `/readyz` (the database and Redis answer)."""

from __future__ import annotations

import hmac
from typing import Any

import flask_smorest
import marshmallow as ma
from flask import Blueprint, Response, current_app, request
from flask.views import MethodView

from app.core import metrics
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
    queues = ma.fields.String(
        metadata={
            "description": "`ok`, or (503) `backlog`: more jobs wait than GIGKIT_READY_MAX_QUEUED"
        }
    )


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


# Not an operation of the API (no JSON, no tenant): outside the spec, like the guides.
metrics_page = Blueprint("metrics", __name__)


@metrics_page.get("/metrics")
def scrape() -> Response:
    """Prometheus metrics (`core.metrics`); with GIGKIT_METRICS_TOKEN set, for its bearer
    only (401 otherwise)."""
    state = current_app.extensions["gigkit"]
    token = state.settings.metrics_token
    sent = request.headers.get("Authorization", "")
    if token and not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return Response("", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'})
    body, content_type = metrics.scrape(state.jobs)
    return Response(body, 200, content_type=content_type)
