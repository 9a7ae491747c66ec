"""Events, webhook endpoints and their deliveries. Scope: `webhooks:manage`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import InvalidState, NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.webhooks import service
from app.webhooks.schemas import (
    EventQuerySchema,
    EventSchema,
    RecoverResultSchema,
    RecoverSchema,
    RedeliverSchema,
    RotateSecretSchema,
    WebhookDeliveryListSchema,
    WebhookDeliveryQuerySchema,
    WebhookDeliverySchema,
    WebhookEndpointCreateSchema,
    WebhookEndpointQuerySchema,
    WebhookEndpointSchema,
    WebhookEndpointUpdateSchema,
    WebhookEndpointWithSecretSchema,
)

blp = Blueprint("events", __name__, url_prefix="/v1", description="Events (the outbox).")
endpoints_blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/v1",
    description="Webhook endpoints: where events are delivered, signed per Standard Webhooks.",
)
SCOPES = ["webhooks:manage"]


@blp.route("/events")
class Events(MethodView):
    @blp.operation("list_events", scopes=SCOPES)
    @blp.arguments(EventQuerySchema, location="query")
    @blp.response(200, page_schema(EventSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List events

        Newest first. Filter with `type` and `created[gte]`. An event's time is when its
        change was written, which can be a moment before it was committed: when polling,
        ask again from a minute before the newest event you saw and skip ids already seen.
        """
        return service.list_events(ctx.session, **query)


@blp.route("/events/<id(evt):event_id>")
class EventById(MethodView):
    @blp.operation("get_event", scopes=SCOPES, errors=[NotFound])
    @blp.response(200, EventSchema)
    def get(self, event_id: str, ctx: RequestContext) -> Any:
        """Get an event"""
        return service.get_event(ctx.session, event_id)


@blp.route("/events/<id(evt):event_id>/redeliver")
class EventRedelivery(MethodView):
    @blp.operation("redeliver_event", scopes=SCOPES, errors=[NotFound, InvalidState])
    @blp.arguments(RedeliverSchema, required=False)
    @blp.response(201, WebhookDeliveryListSchema)
    def post(self, data: dict[str, Any], event_id: str, ctx: RequestContext) -> Any:
        """Redeliver an event

        Sends the event again, with the same `webhook-id` and a fresh timestamp and
        signature: to `endpoint_id` (which must be enabled, else 409 `invalid_state`), or to
        every enabled endpoint whose `event_types` match it. Answers the new deliveries.
        """
        deliveries = service.redeliver(
            ctx.session, actor=ctx.actor, event_id=event_id, endpoint_id=data.get("endpoint_id")
        )
        return {"data": deliveries}


@endpoints_blp.route("/webhook-endpoints")
class WebhookEndpoints(MethodView):
    @endpoints_blp.operation("list_webhook_endpoints", scopes=SCOPES)
    @endpoints_blp.arguments(WebhookEndpointQuerySchema, location="query")
    @endpoints_blp.response(200, page_schema(WebhookEndpointSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List webhook endpoints

        Newest first; `enabled=false` lists the disabled ones.
        """
        return service.list_endpoints(ctx.session, **query)

    @endpoints_blp.operation("create_webhook_endpoint", scopes=SCOPES)
    @endpoints_blp.arguments(WebhookEndpointCreateSchema)
    @endpoints_blp.response(201, WebhookEndpointWithSecretSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create a webhook endpoint

        From now on, every event whose type matches `event_types` is POSTed to `url`,
        signed per Standard Webhooks with the `secret` in this response, the only time it
        is shown. Live-mode endpoints must use https; private, loopback and link-local
        addresses are refused (also when a name resolves to one at delivery time).
        """
        return service.create_endpoint(ctx.session, actor=ctx.actor, **data)


@endpoints_blp.route("/webhook-endpoints/<id(we):endpoint_id>")
class WebhookEndpointById(MethodView):
    @endpoints_blp.operation("get_webhook_endpoint", scopes=SCOPES, errors=[NotFound])
    @endpoints_blp.response(200, WebhookEndpointSchema)
    def get(self, endpoint_id: str, ctx: RequestContext) -> Any:
        """Get a webhook endpoint"""
        return service.get_endpoint(ctx.session, endpoint_id)

    @endpoints_blp.operation("update_webhook_endpoint", scopes=SCOPES, errors=[NotFound])
    @endpoints_blp.arguments(WebhookEndpointUpdateSchema, required=False)
    @endpoints_blp.response(200, WebhookEndpointSchema)
    def patch(self, changes: dict[str, Any], endpoint_id: str, ctx: RequestContext) -> Any:
        """Update a webhook endpoint

        `enabled: false` disables it: its pending deliveries fail (redeliver them later).
        `enabled: true` enables a disabled one again.
        """
        return service.update_endpoint(
            ctx.session, actor=ctx.actor, endpoint_id=endpoint_id, **changes
        )

    @endpoints_blp.operation("delete_webhook_endpoint", scopes=SCOPES, errors=[NotFound])
    @endpoints_blp.response(204)
    def delete(self, endpoint_id: str, ctx: RequestContext) -> Any:
        """Delete a webhook endpoint

        With its deliveries and their log. Events stay (`GET /v1/events`).
        """
        service.delete_endpoint(ctx.session, actor=ctx.actor, endpoint_id=endpoint_id)


@endpoints_blp.route("/webhook-endpoints/<id(we):endpoint_id>/rotate-secret")
class WebhookSecretRotation(MethodView):
    @endpoints_blp.operation(
        "rotate_webhook_endpoint_secret", scopes=SCOPES, errors=[NotFound, InvalidState]
    )
    @endpoints_blp.arguments(RotateSecretSchema, required=False)
    @endpoints_blp.response(200, WebhookEndpointWithSecretSchema)
    def post(self, data: dict[str, Any], endpoint_id: str, ctx: RequestContext) -> Any:
        """Rotate a webhook endpoint's secret

        Answers the new `secret` (shown only now). For `overlap_seconds` (default 24 h)
        every delivery carries two signatures, one per secret, so receivers can switch at
        any moment. A disabled endpoint answers 409 `invalid_state`.
        """
        return service.rotate_secret(ctx.session, actor=ctx.actor, endpoint_id=endpoint_id, **data)


@endpoints_blp.route("/webhook-endpoints/<id(we):endpoint_id>/test")
class WebhookEndpointTest(MethodView):
    @endpoints_blp.operation(
        "test_webhook_endpoint", scopes=SCOPES, errors=[NotFound, InvalidState]
    )
    @endpoints_blp.response(201, WebhookDeliverySchema)
    def post(self, endpoint_id: str, ctx: RequestContext) -> Any:
        """Send a test event

        A `webhook_endpoint.test` event, delivered to this endpoint only, like any other
        (signed, retried). Answers the delivery; follow it in `.../deliveries`.
        """
        return service.send_test(ctx.session, actor=ctx.actor, endpoint_id=endpoint_id)


@endpoints_blp.route("/webhook-endpoints/<id(we):endpoint_id>/recover")
class WebhookEndpointRecovery(MethodView):
    @endpoints_blp.operation(
        "recover_webhook_endpoint", scopes=SCOPES, errors=[NotFound, InvalidState]
    )
    @endpoints_blp.arguments(RecoverSchema)
    @endpoints_blp.response(201, RecoverResultSchema)
    def post(self, data: dict[str, Any], endpoint_id: str, ctx: RequestContext) -> Any:
        """Resend what an endpoint missed

        Every event created in `[since, until)` that the endpoint's `event_types` match and
        that it has not received (its delivery failed, or the endpoint was disabled when
        the event happened) is sent again as a new delivery, oldest first, at most 500 per
        call: while `has_more`, call again with the same window (events already resent are
        skipped). A disabled endpoint answers 409 `invalid_state`: enable it first.
        """
        deliveries, more = service.recover(
            ctx.session, actor=ctx.actor, endpoint_id=endpoint_id, **data
        )
        return {"data": deliveries, "has_more": more}


@endpoints_blp.route("/webhook-endpoints/<id(we):endpoint_id>/deliveries")
class WebhookDeliveries(MethodView):
    @endpoints_blp.operation("list_webhook_deliveries", scopes=SCOPES, errors=[NotFound])
    @endpoints_blp.arguments(WebhookDeliveryQuerySchema, location="query")
    @endpoints_blp.response(200, page_schema(WebhookDeliverySchema))
    def get(self, query: dict[str, Any], endpoint_id: str, ctx: RequestContext) -> Any:
        """List an endpoint's deliveries

        Newest first, each with every attempt made (status code, latency, the start of the
        answer, or the transport error). `status=failed` lists those given up on.
        """
        return service.list_deliveries(ctx.session, endpoint_id=endpoint_id, **query)
