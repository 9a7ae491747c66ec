from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata


T = TypeVar("T", bound="WebhookEndpointUpdate")


@_attrs_define
class WebhookEndpointUpdate:
    """
    Attributes:
        url (str | Unset):
        event_types (list[str] | Unset): Event types to receive: exact (`payout.paid`), a prefix wildcard (`payout.*`,
            `escrow.hold.*`) or `*` for all Example: ['payout.*', 'escrow.hold.released'].
        description (str | Unset):
        enabled (bool | Unset): false disables it (its pending deliveries fail); true enables
        metadata (WebhookEndpointUpdateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no
            `[`, `]` or control characters), values up to 500 characters. Never put personal data here. Merged into the
            existing metadata; a key set to "" is removed.
    """

    url: str | Unset = UNSET
    event_types: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    metadata: WebhookEndpointUpdateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        description = self.description

        enabled = self.enabled

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_endpoint_update_metadata import (
            WebhookEndpointUpdateMetadata,
        )

        d = dict(src_dict)
        url = d.pop("url", UNSET)

        event_types = cast(list[str], d.pop("event_types", UNSET))

        description = d.pop("description", UNSET)

        enabled = d.pop("enabled", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: WebhookEndpointUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = WebhookEndpointUpdateMetadata.from_dict(_metadata)

        webhook_endpoint_update = cls(
            url=url,
            event_types=event_types,
            description=description,
            enabled=enabled,
            metadata=metadata,
        )

        return webhook_endpoint_update
