from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata


T = TypeVar("T", bound="WebhookEndpointCreate")


@_attrs_define
class WebhookEndpointCreate:
    """
    Attributes:
        url (str): https (required in live mode) or http
        event_types (list[str]): Event types to receive: exact (`payout.paid`), a prefix wildcard (`payout.*`,
            `escrow.hold.*`) or `*` for all Example: ['payout.*', 'escrow.hold.released'].
        description (str | Unset):  Default: ''.
        enabled (bool | Unset):  Default: True.
        metadata (WebhookEndpointCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no
            `[`, `]` or control characters), values up to 500 characters. Never put personal data here.
    """

    url: str
    event_types: list[str]
    description: str | Unset = ""
    enabled: bool | Unset = True
    metadata: WebhookEndpointCreateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = self.event_types

        description = self.description

        enabled = self.enabled

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "event_types": event_types,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_endpoint_create_metadata import (
            WebhookEndpointCreateMetadata,
        )

        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))

        description = d.pop("description", UNSET)

        enabled = d.pop("enabled", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: WebhookEndpointCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = WebhookEndpointCreateMetadata.from_dict(_metadata)

        webhook_endpoint_create = cls(
            url=url,
            event_types=event_types,
            description=description,
            enabled=enabled,
            metadata=metadata,
        )

        return webhook_endpoint_create
