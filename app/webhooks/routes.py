"""Events. Scope: `webhooks:manage`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.webhooks import service
from app.webhooks.schemas import EventQuerySchema, EventSchema

blp = Blueprint("events", __name__, url_prefix="/v1", description="Events (the outbox).")
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
    @blp.operation("get_event", scopes=SCOPES, errors=[404])
    @blp.response(200, EventSchema)
    def get(self, event_id: str, ctx: RequestContext) -> Any:
        """Get an event"""
        return service.get_event(ctx.session, event_id)
