from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.webhook_endpoint_with_secret_disabled_reason_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType1,
    check_webhook_endpoint_with_secret_disabled_reason_type_1,
)
from ..models.webhook_endpoint_with_secret_disabled_reason_type_2_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType2Type1,
    check_webhook_endpoint_with_secret_disabled_reason_type_2_type_1,
)
from ..models.webhook_endpoint_with_secret_disabled_reason_type_3_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType3Type1,
    check_webhook_endpoint_with_secret_disabled_reason_type_3_type_1,
)

if TYPE_CHECKING:
    from ..models.webhook_endpoint_with_secret_metadata import (
        WebhookEndpointWithSecretMetadata,
    )


T = TypeVar("T", bound="WebhookEndpointWithSecret")


@_attrs_define
class WebhookEndpointWithSecret:
    """
    Attributes:
        id (str):  Example: we_01m8h45kdxqf2ynbr6ke6qk468.
        url (str):  Example: https://example.com/gigkit.
        description (str):
        event_types (list[str]):
        enabled (bool):
        disabled_reason (None | WebhookEndpointWithSecretDisabledReasonType1 |
            WebhookEndpointWithSecretDisabledReasonType2Type1 | WebhookEndpointWithSecretDisabledReasonType3Type1): manual,
            gone (it answered 410), failing (3 days of failures)
        disabled_at (datetime.datetime | None):
        failing_since (datetime.datetime | None): Start of the current run of failed attempts
        secret_rotated_at (datetime.datetime | None):
        previous_secret_expires_at (datetime.datetime | None): Until then, deliveries are also signed with the old
            secret
        metadata (WebhookEndpointWithSecretMetadata):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        secret (str): The signing secret (`whsec_` + base64). Shown only now: store it. Example:
            whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.
    """

    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: (
        None
        | WebhookEndpointWithSecretDisabledReasonType1
        | WebhookEndpointWithSecretDisabledReasonType2Type1
        | WebhookEndpointWithSecretDisabledReasonType3Type1
    )
    disabled_at: datetime.datetime | None
    failing_since: datetime.datetime | None
    secret_rotated_at: datetime.datetime | None
    previous_secret_expires_at: datetime.datetime | None
    metadata: WebhookEndpointWithSecretMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime
    secret: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        description = self.description

        event_types = self.event_types

        enabled = self.enabled

        disabled_reason: None | str
        if (
            isinstance(self.disabled_reason, str)
            or isinstance(self.disabled_reason, str)
            or isinstance(self.disabled_reason, str)
        ):
            disabled_reason = self.disabled_reason
        else:
            disabled_reason = self.disabled_reason

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        secret_rotated_at: None | str
        if isinstance(self.secret_rotated_at, datetime.datetime):
            secret_rotated_at = self.secret_rotated_at.isoformat()
        else:
            secret_rotated_at = self.secret_rotated_at

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "url": url,
                "description": description,
                "event_types": event_types,
                "enabled": enabled,
                "disabled_reason": disabled_reason,
                "disabled_at": disabled_at,
                "failing_since": failing_since,
                "secret_rotated_at": secret_rotated_at,
                "previous_secret_expires_at": previous_secret_expires_at,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_endpoint_with_secret_metadata import (
            WebhookEndpointWithSecretMetadata,
        )

        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        description = d.pop("description")

        event_types = cast(list[str], d.pop("event_types"))

        enabled = d.pop("enabled")

        def _parse_disabled_reason(
            data: object,
        ) -> (
            None
            | WebhookEndpointWithSecretDisabledReasonType1
            | WebhookEndpointWithSecretDisabledReasonType2Type1
            | WebhookEndpointWithSecretDisabledReasonType3Type1
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_1 = (
                    check_webhook_endpoint_with_secret_disabled_reason_type_1(data)
                )

                return disabled_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_2_type_1 = (
                    check_webhook_endpoint_with_secret_disabled_reason_type_2_type_1(
                        data
                    )
                )

                return disabled_reason_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_3_type_1 = (
                    check_webhook_endpoint_with_secret_disabled_reason_type_3_type_1(
                        data
                    )
                )

                return disabled_reason_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | WebhookEndpointWithSecretDisabledReasonType1
                | WebhookEndpointWithSecretDisabledReasonType2Type1
                | WebhookEndpointWithSecretDisabledReasonType3Type1,
                data,
            )

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)

                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        def _parse_secret_rotated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                secret_rotated_at_type_0 = datetime.datetime.fromisoformat(data)

                return secret_rotated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        secret_rotated_at = _parse_secret_rotated_at(d.pop("secret_rotated_at"))

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(
            d.pop("previous_secret_expires_at")
        )

        metadata = WebhookEndpointWithSecretMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        secret = d.pop("secret")

        webhook_endpoint_with_secret = cls(
            id=id,
            url=url,
            description=description,
            event_types=event_types,
            enabled=enabled,
            disabled_reason=disabled_reason,
            disabled_at=disabled_at,
            failing_since=failing_since,
            secret_rotated_at=secret_rotated_at,
            previous_secret_expires_at=previous_secret_expires_at,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
            secret=secret,
        )

        return webhook_endpoint_with_secret
