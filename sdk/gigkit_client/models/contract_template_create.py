from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.contract_template_create_locale import (
    ContractTemplateCreateLocale,
    check_contract_template_create_locale,
)

if TYPE_CHECKING:
    from ..models.template_placeholder import TemplatePlaceholder


T = TypeVar("T", bound="ContractTemplateCreate")


@_attrs_define
class ContractTemplateCreate:
    """
    Attributes:
        key (str): Your name for the template; the same key makes a new version
        name (str):
        locale (ContractTemplateCreateLocale):
        body (str): The text, with `{{name}}` for each placeholder: at most 20,000 characters and 2,000 lines; filled
            in, a contract's document holds at most 30,000 characters (422 `document_too_large`)
        placeholders (list[TemplatePlaceholder]):
    """

    key: str
    name: str
    locale: ContractTemplateCreateLocale
    body: str
    placeholders: list[TemplatePlaceholder]

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        locale: str = self.locale

        body = self.body

        placeholders = []
        for placeholders_item_data in self.placeholders:
            placeholders_item = placeholders_item_data.to_dict()
            placeholders.append(placeholders_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "name": name,
                "locale": locale,
                "body": body,
                "placeholders": placeholders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.template_placeholder import TemplatePlaceholder

        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        locale = check_contract_template_create_locale(d.pop("locale"))

        body = d.pop("body")

        placeholders = []
        _placeholders = d.pop("placeholders")
        for placeholders_item_data in _placeholders:
            placeholders_item = TemplatePlaceholder.from_dict(placeholders_item_data)

            placeholders.append(placeholders_item)

        contract_template_create = cls(
            key=key,
            name=name,
            locale=locale,
            body=body,
            placeholders=placeholders,
        )

        return contract_template_create
