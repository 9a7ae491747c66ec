"""The request pipeline: `Blueprint.operation`.

Every endpoint is a flask-smorest method decorated, outermost, with `@blp.operation(...)`:

    @blp.route("/workers")
    class Workers(MethodView):
        @blp.operation("create_worker", scopes=["parties:write"])
        @blp.arguments(WorkerCreateSchema)
        @blp.response(201, WorkerSchema)
        def post(self, data, ctx):
            return service.create_worker(session=ctx.session, actor=ctx.actor, **data)

`operation` runs, in this order, inside one unit of work (the request's only commit point):
authenticate -> rate limit -> scope check -> media type -> Idempotency-Key -> the view
(parse, call the service, serialise) -> store the idempotent response -> commit. Any
exception rolls the whole request back and is rendered as problem+json. A serialization
failure or a deadlock (PostgreSQL) runs the whole request once more, in a fresh unit of
work, before the client gets 503 `transient_conflict`. It also documents the operation:
operationId, security, and every error it can answer — the classes it declares
(`errors=[HoldNotActive, ...]`) and the generic ones the pipeline adds
(`core.error_codes`), listed per status with their codes.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import flask_smorest
from flask import Response, current_app, g, request
from flask_smorest.utils import load_info_from_docstring
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from webargs.flaskparser import FlaskParser

from app.core import idempotency
from app.core.auth import (
    BEARER_SCHEME,
    OAUTH2_SCHEME,
    Actor,
    Principal,
    authenticate,
    require_scopes,
)
from app.core.db import is_transient, sqlstate
from app.core.error_codes import BODY_METHODS, Declaration, Traits
from app.core.errors import (
    AppError,
    IdempotencyInFlight,
    IdempotencyKeyRequired,
    Unauthorized,
    UnsupportedMediaType,
)
from app.core.ratelimit import check_credential_limit, check_public_limit
from app.core.tenancy import bind_tenant
from app.core.time import TENANT_MODE

log = logging.getLogger(__name__)

JSON_TYPES = ("application/json",)
# A request whose transaction failed on a serialization failure or a deadlock (PostgreSQL)
# runs once more, in a fresh unit of work, before the client sees 503 `transient_conflict`.
ATTEMPTS = 2
FORM_TYPES = ("application/x-www-form-urlencoded",)


@dataclass(frozen=True)
class RequestContext:
    """What a view gets besides its parsed arguments: never imported, always injected."""

    session: Session
    principal: Principal | None
    request_id: str
    ip: str | None

    @property
    def actor(self) -> Actor:
        if self.principal is None:
            return Actor("anonymous", None, self.request_id, self.ip)
        return Actor.of(self.principal, request_id=self.request_id, ip=self.ip)


def current_session() -> Session:
    """The session of the running operation (for library callbacks such as authlib's)."""
    session: Session = g.gigkit_session
    return session


class JsonParser(FlaskParser):
    """webargs' parser, plus: JSON that Python cannot represent (an integer of thousands of
    digits, nesting deeper than the recursion limit) is malformed JSON (400), not a crash;
    and an unknown query parameter is refused like an unknown body field (422), not ignored:
    `?skil=sewing` must not answer the unfiltered list as if it had filtered."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,  # (None: the schema's own `unknown`, RAISE for every BaseSchema)
        "querystring": None,
    }

    def _raw_load_json(self, req: Any) -> Any:
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as exc:
            # (a non-empty `doc`: webargs reads an empty one as "no body at all")
            message = f"not representable: {type(exc).__name__}"
            raise json.JSONDecodeError(message, "<body>", 0) from exc


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def operation(
        self,
        operation_id: str,
        *,
        scopes: Iterable[str] = (),
        public: bool = False,
        accepts: tuple[str, ...] = JSON_TYPES,
        idempotency_key: str = "optional",
        errors: Iterable[type[AppError]] = (),
        security: list[dict[str, list[str]]] | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare and run an API operation (see the module docstring).

        `idempotency_key`: "optional" (default for POST), "required" (money-moving POSTs)
        or "none" (e.g. the OAuth endpoints, which RFC 6749 defines without it).
        `errors`: the error classes its service can raise (`core.errors` and the blocks'
        `errors.py`); the generic ones (authentication, rate limit, body, Idempotency-Key,
        503) are added by `core.error_codes.RULES`.
        `security`: the spec's security requirement, when not the default bearer token.
        """
        required = tuple(scopes)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            method = func.__name__.upper()

            takes_key = method == "POST" and idempotency_key != "none"
            declaration = Declaration.of(
                operation_id,
                Traits(
                    method=method,
                    public=public,
                    parses_input=bool(getattr(func, "_apidoc", {}).get("arguments")),
                    json=accepts == JSON_TYPES,
                    idempotency_key=idempotency_key if takes_key else "none",
                ),
                errors,
            )

            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                g.gigkit_declaration = declaration
                return _run(
                    functools.partial(
                        _attempt, func, args, kwargs, required, public, accepts, idempotency_key
                    )
                )

            description = _description(func, public, required, security is not None)
            documented = self.doc(
                operationId=operation_id,
                security=security if security is not None else _security(public, required),
                **({"description": description} if description else {}),
                **({"x-required-scopes": sorted(required)} if required else {}),
            )(wrapper)
            apidoc = documented._apidoc  # type: ignore[attr-defined]
            apidoc.get("arguments", {}).pop("responses", None)  # @arguments' bare 422 reference
            responses = apidoc.setdefault("response", {}).setdefault("responses", {})
            for status, response in declaration.responses().items():
                responses.setdefault(status, []).append(response)
            if takes_key:  # beside the @arguments parameters, not replacing them
                parameter = dict(
                    idempotency.OPENAPI_PARAMETER, required=idempotency_key == "required"
                )
                arguments = apidoc.setdefault("arguments", {})
                arguments.setdefault("parameters", []).append(parameter)
            return documented

        return decorator


def _security(public: bool, scopes: tuple[str, ...]) -> list[dict[str, list[str]]]:
    """A bearer credential (API key or access token), or a token got in /docs (OAuth 2.0
    client credentials) with the operation's scopes."""
    return [] if public else [{BEARER_SCHEME: []}, {OAUTH2_SCHEME: sorted(scopes)}]


def _description(
    func: Callable[..., Any], public: bool, scopes: tuple[str, ...], own_security: bool
) -> str:
    """The view docstring's description, ending with the scope the operation requires
    (what /docs shows; `x-required-scopes` says it to machines). An operation with its own
    `security` (OAuth's client id and secret) says what it takes in its docstring."""
    info = load_info_from_docstring(
        func.__doc__ or "", delimiter=Blueprint.DOCSTRING_INFO_DELIMITER
    )
    if own_security:
        needs = ""
    elif public:
        needs = "**Credential:** none (public)."
    elif scopes:
        needs = f"**Required scope:** {', '.join(f'`{s}`' for s in sorted(scopes))}."
    else:
        needs = "**Required scope:** none (any valid API key or access token)."
    return "\n\n".join(part for part in (info.get("description"), needs) if part)


def _run(attempt_once: Callable[[int], Any]) -> Any:
    """`attempt_once(n)`: the whole request in a fresh unit of work, the n-th time."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return attempt_once(attempt)
        except OperationalError as exc:
            if attempt == ATTEMPTS or not is_transient(exc):
                raise  # rendered as 503 (`transient_conflict` or `service_unavailable`)
            log.info("retrying %s %s after %s", request.method, request.path, sqlstate(exc))
        except idempotency.KeyTakenMeanwhile:
            if attempt == ATTEMPTS:
                raise IdempotencyInFlight() from None
            log.info("retrying %s %s to replay its Idempotency-Key", request.method, request.path)
    raise AssertionError("unreachable")


def _attempt(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    scopes: tuple[str, ...],
    public: bool,
    accepts: tuple[str, ...],
    idempotency_key: str,
    attempt: int,
) -> Any:
    state = current_app.extensions["gigkit"]
    with state.database.unit_of_work() as session:
        g.gigkit_session = session
        principal = None
        if public:
            if attempt == 1:  # a retry is ours, not the caller's: it is not counted again
                check_public_limit()
        else:
            principal = _authenticate(session)
            bind_tenant(session, principal.tenant_id)
            session.info[TENANT_MODE] = principal.mode  # a live tenant's clock is never a test one
            g.principal = principal
            if attempt == 1:
                check_credential_limit()
            require_scopes(principal, scopes)
        _check_media_type(accepts)
        claim = None
        if request.method == "POST" and idempotency_key != "none" and principal is not None:
            outcome = _claim_idempotency(session, principal, idempotency_key == "required")
            if isinstance(outcome, Response):
                return outcome
            claim = outcome
        ctx = RequestContext(session, principal, g.request_id, request.remote_addr)
        response = current_app.make_response(func(*args, ctx=ctx, **kwargs))
        if claim is not None:
            idempotency.complete(
                session, claim, response, ttl_hours=state.settings.idempotency_ttl_hours
            )
        return response


def _authenticate(session: Session) -> Principal:
    """The caller's principal. Failed attempts count against the client address's budget for
    unauthenticated calls, so guessing credentials is throttled (429) like /oauth/token."""
    try:
        return authenticate(session, request.headers.get("Authorization"))
    except Unauthorized:
        check_public_limit()
        raise


def _claim_idempotency(
    session: Session, principal: Principal, required: bool
) -> idempotency.Claim | Response | None:
    raw = request.headers.get(idempotency.HEADER)
    if raw is None:
        if required:
            raise IdempotencyKeyRequired()
        return None
    key = idempotency.parse_key(raw)
    # The concrete path, ids included: the same key and body on another object's action
    # (POST /v1/api-keys/A/rotate vs .../B/rotate) is a different request, not a replay.
    return idempotency.begin(
        session,
        principal_id=principal.principal_id,
        key=key,
        fingerprint=idempotency.fingerprint(
            request.method, request.path, request.get_data(cache=True)
        ),
        method=request.method,
        path=request.path,
    )


def _check_media_type(accepts: tuple[str, ...]) -> None:
    if request.method not in BODY_METHODS:
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    if has_body and request.mimetype not in accepts:
        raise UnsupportedMediaType(
            f"Send the body as {' or '.join(accepts)}.",
            headers={"Accept-Post": ", ".join(accepts)},
        )
