from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contract_create_metadata import ContractCreateMetadata
    from ..models.contract_create_variables import ContractCreateVariables
    from ..models.signer_input import SignerInput


T = TypeVar("T", bound="ContractCreate")


@_attrs_define
class ContractCreate:
    """
    Attributes:
        template_id (str):  Example: tpl_11111111111111111111111111.
        signers (list[SignerInput]):
        variables (ContractCreateVariables | Unset): A value per `text`/`integer`/`money`/`date` placeholder, keyed by
            its name: text 1-500 characters, integer or money (minor units) up to 10^15, date `YYYY-MM-DD`
        title (str | Unset): Default: the template's name
        sign_by (datetime.datetime | Unset): Signing deadline; then the contract expires
        metadata (ContractCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`,
            `]` or control characters), values up to 500 characters. Never put personal data here.
    """

    template_id: str
    signers: list[SignerInput]
    variables: ContractCreateVariables | Unset = UNSET
    title: str | Unset = UNSET
    sign_by: datetime.datetime | Unset = UNSET
    metadata: ContractCreateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        signers = []
        for signers_item_data in self.signers:
            signers_item = signers_item_data.to_dict()
            signers.append(signers_item)

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        title = self.title

        sign_by: str | Unset = UNSET
        if not isinstance(self.sign_by, Unset):
            sign_by = self.sign_by.isoformat()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "template_id": template_id,
                "signers": signers,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables
        if title is not UNSET:
            field_dict["title"] = title
        if sign_by is not UNSET:
            field_dict["sign_by"] = sign_by
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contract_create_metadata import ContractCreateMetadata
        from ..models.contract_create_variables import ContractCreateVariables
        from ..models.signer_input import SignerInput

        d = dict(src_dict)
        template_id = d.pop("template_id")

        signers = []
        _signers = d.pop("signers")
        for signers_item_data in _signers:
            signers_item = SignerInput.from_dict(signers_item_data)

            signers.append(signers_item)

        _variables = d.pop("variables", UNSET)
        variables: ContractCreateVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = ContractCreateVariables.from_dict(_variables)

        title = d.pop("title", UNSET)

        _sign_by = d.pop("sign_by", UNSET)
        sign_by: datetime.datetime | Unset
        if isinstance(_sign_by, Unset):
            sign_by = UNSET
        else:
            sign_by = datetime.datetime.fromisoformat(_sign_by)

        _metadata = d.pop("metadata", UNSET)
        metadata: ContractCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ContractCreateMetadata.from_dict(_metadata)

        contract_create = cls(
            template_id=template_id,
            signers=signers,
            variables=variables,
            title=title,
            sign_by=sign_by,
            metadata=metadata,
        )

        return contract_create
