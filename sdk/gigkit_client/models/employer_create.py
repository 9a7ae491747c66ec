from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.employer_create_metadata import EmployerCreateMetadata
    from ..models.site import Site


T = TypeVar("T", bound="EmployerCreate")


@_attrs_define
class EmployerCreate:
    """
    Example:
        {'name': '狮岭皮具厂', 'credit_code': '91110105J0J9CCK91T'}

    Attributes:
        name (str):
        credit_code (str): Unified social credit code (统一社会信用代码), GB 32100 Example: 91350100M000100Y43.
        contact (Contact | Unset):
        sites (list[Site] | Unset):
        metadata (EmployerCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`,
            `]` or control characters), values up to 500 characters. Never put personal data here.
    """

    name: str
    credit_code: str
    contact: Contact | Unset = UNSET
    sites: list[Site] | Unset = UNSET
    metadata: EmployerCreateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        credit_code = self.credit_code

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

        sites: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sites, Unset):
            sites = []
            for sites_item_data in self.sites:
                sites_item = sites_item_data.to_dict()
                sites.append(sites_item)

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "credit_code": credit_code,
            }
        )
        if contact is not UNSET:
            field_dict["contact"] = contact
        if sites is not UNSET:
            field_dict["sites"] = sites
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact
        from ..models.employer_create_metadata import EmployerCreateMetadata
        from ..models.site import Site

        d = dict(src_dict)
        name = d.pop("name")

        credit_code = d.pop("credit_code")

        _contact = d.pop("contact", UNSET)
        contact: Contact | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = Contact.from_dict(_contact)

        _sites = d.pop("sites", UNSET)
        sites: list[Site] | Unset = UNSET
        if _sites is not UNSET:
            sites = []
            for sites_item_data in _sites:
                sites_item = Site.from_dict(sites_item_data)

                sites.append(sites_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: EmployerCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = EmployerCreateMetadata.from_dict(_metadata)

        employer_create = cls(
            name=name,
            credit_code=credit_code,
            contact=contact,
            sites=sites,
            metadata=metadata,
        )

        return employer_create
