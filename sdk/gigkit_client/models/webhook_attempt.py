from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.webhook_attempt_outcome import (
    WebhookAttemptOutcome,
    check_webhook_attempt_outcome,
)

T = TypeVar("T", bound="WebhookAttempt")


@_attrs_define
class WebhookAttempt:
    """
    Attributes:
        number (int):
        outcome (WebhookAttemptOutcome):
        status_code (int | None):
        error (None | str): When no HTTP answer came: timeout, connection_error, dns_error, blocked_address
        duration_ms (int):
        response_excerpt (str): The first 500 characters of the answer
        started_at (datetime.datetime):
    """

    number: int
    outcome: WebhookAttemptOutcome
    status_code: int | None
    error: None | str
    duration_ms: int
    response_excerpt: str
    started_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        outcome: str = self.outcome

        status_code: int | None
        status_code = self.status_code

        error: None | str
        error = self.error

        duration_ms = self.duration_ms

        response_excerpt = self.response_excerpt

        started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "outcome": outcome,
                "status_code": status_code,
                "error": error,
                "duration_ms": duration_ms,
                "response_excerpt": response_excerpt,
                "started_at": started_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        number = d.pop("number")

        outcome = check_webhook_attempt_outcome(d.pop("outcome"))

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        duration_ms = d.pop("duration_ms")

        response_excerpt = d.pop("response_excerpt")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        webhook_attempt = cls(
            number=number,
            outcome=outcome,
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
            response_excerpt=response_excerpt,
            started_at=started_at,
        )

        return webhook_attempt
