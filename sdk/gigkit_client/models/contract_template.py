from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.contract_template_locale import (
    ContractTemplateLocale,
    check_contract_template_locale,
)

if TYPE_CHECKING:
    from ..models.template_placeholder import TemplatePlaceholder


T = TypeVar("T", bound="ContractTemplate")


@_attrs_define
class ContractTemplate:
    """
    Attributes:
        id (str):  Example: tpl_01m8h45kdxqf2ynbr6ke6qk468.
        key (str):  Example: gig_work_zh.
        version (int):
        name (str):
        locale (ContractTemplateLocale):
        body (str):
        placeholders (list[TemplatePlaceholder]):
        builtin (bool):
        created_at (datetime.datetime):
    """

    id: str
    key: str
    version: int
    name: str
    locale: ContractTemplateLocale
    body: str
    placeholders: list[TemplatePlaceholder]
    builtin: bool
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        key = self.key

        version = self.version

        name = self.name

        locale: str = self.locale

        body = self.body

        placeholders = []
        for placeholders_item_data in self.placeholders:
            placeholders_item = placeholders_item_data.to_dict()
            placeholders.append(placeholders_item)

        builtin = self.builtin

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "key": key,
                "version": version,
                "name": name,
                "locale": locale,
                "body": body,
                "placeholders": placeholders,
                "builtin": builtin,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.template_placeholder import TemplatePlaceholder

        d = dict(src_dict)
        id = d.pop("id")

        key = d.pop("key")

        version = d.pop("version")

        name = d.pop("name")

        locale = check_contract_template_locale(d.pop("locale"))

        body = d.pop("body")

        placeholders = []
        _placeholders = d.pop("placeholders")
        for placeholders_item_data in _placeholders:
            placeholders_item = TemplatePlaceholder.from_dict(placeholders_item_data)

            placeholders.append(placeholders_item)

        builtin = d.pop("builtin")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        contract_template = cls(
            id=id,
            key=key,
            version=version,
            name=name,
            locale=locale,
            body=body,
            placeholders=placeholders,
            builtin=builtin,
            created_at=created_at,
        )

        return contract_template
