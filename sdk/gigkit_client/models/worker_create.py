from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payout_account import PayoutAccount
    from ..models.worker_create_metadata import WorkerCreateMetadata


T = TypeVar("T", bound="WorkerCreate")


@_attrs_define
class WorkerCreate:
    """
    Example:
        {'name': '陈伟', 'mobile': '13800138000', 'id_card_number': '440106199001010021', 'skills': ['leather-cutting'],
            'payout_account': {'kind': 'wallet', 'provider': 'wechat', 'account_reference': 'wxid_chenwei'}}

    Attributes:
        name (str):
        mobile (str): Mainland mobile Example: 13800138000.
        id_card_number (str): Resident ID-card number (GB 11643). Write-only, encrypted. Example: 11010519491231002X.
        skills (list[str] | Unset):
        payout_account (None | PayoutAccount | Unset):
        metadata (WorkerCreateMetadata | Unset): Your own key-value pairs: up to 50 keys of 1-40 characters (no `[`, `]`
            or control characters), values up to 500 characters. Never put personal data here.
    """

    name: str
    mobile: str
    id_card_number: str
    skills: list[str] | Unset = UNSET
    payout_account: None | PayoutAccount | Unset = UNSET
    metadata: WorkerCreateMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_account import PayoutAccount

        name = self.name

        mobile = self.mobile

        id_card_number = self.id_card_number

        skills: list[str] | Unset = UNSET
        if not isinstance(self.skills, Unset):
            skills = self.skills

        payout_account: dict[str, Any] | None | Unset
        if isinstance(self.payout_account, Unset):
            payout_account = UNSET
        elif isinstance(self.payout_account, PayoutAccount):
            payout_account = self.payout_account.to_dict()
        else:
            payout_account = self.payout_account

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "mobile": mobile,
                "id_card_number": id_card_number,
            }
        )
        if skills is not UNSET:
            field_dict["skills"] = skills
        if payout_account is not UNSET:
            field_dict["payout_account"] = payout_account
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_account import PayoutAccount
        from ..models.worker_create_metadata import WorkerCreateMetadata

        d = dict(src_dict)
        name = d.pop("name")

        mobile = d.pop("mobile")

        id_card_number = d.pop("id_card_number")

        skills = cast(list[str], d.pop("skills", UNSET))

        def _parse_payout_account(data: object) -> None | PayoutAccount | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_account_type_1 = PayoutAccount.from_dict(data)

                return payout_account_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutAccount | Unset, data)

        payout_account = _parse_payout_account(d.pop("payout_account", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: WorkerCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = WorkerCreateMetadata.from_dict(_metadata)

        worker_create = cls(
            name=name,
            mobile=mobile,
            id_card_number=id_card_number,
            skills=skills,
            payout_account=payout_account,
            metadata=metadata,
        )

        return worker_create
