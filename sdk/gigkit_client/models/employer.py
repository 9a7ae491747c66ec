from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.employer_metadata import EmployerMetadata
    from ..models.site import Site


T = TypeVar("T", bound="Employer")


@_attrs_define
class Employer:
    """
    Example:
        {'id': 'emp_01m90z68xhnev9pv6002z98rcq', 'name': '狮岭皮具厂', 'credit_code': '91110105J0J9CCK91T', 'contact': {},
            'sites': [], 'metadata': {}, 'created_at': '2026-12-01T02:00:00+00:00', 'updated_at':
            '2026-12-01T02:00:00+00:00'}

    Attributes:
        id (str):
        name (str):
        credit_code (str):
        contact (Contact):
        sites (list[Site]):
        metadata (EmployerMetadata):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    credit_code: str
    contact: Contact
    sites: list[Site]
    metadata: EmployerMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        credit_code = self.credit_code

        contact = self.contact.to_dict()

        sites = []
        for sites_item_data in self.sites:
            sites_item = sites_item_data.to_dict()
            sites.append(sites_item)

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "credit_code": credit_code,
                "contact": contact,
                "sites": sites,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact
        from ..models.employer_metadata import EmployerMetadata
        from ..models.site import Site

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        credit_code = d.pop("credit_code")

        contact = Contact.from_dict(d.pop("contact"))

        sites = []
        _sites = d.pop("sites")
        for sites_item_data in _sites:
            sites_item = Site.from_dict(sites_item_data)

            sites.append(sites_item)

        metadata = EmployerMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        employer = cls(
            id=id,
            name=name,
            credit_code=credit_code,
            contact=contact,
            sites=sites,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
        )

        return employer
