from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payout_account_view import PayoutAccountView
    from ..models.worker_metadata import WorkerMetadata


T = TypeVar("T", bound="Worker")


@_attrs_define
class Worker:
    """
    Example:
        {'id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'name': '陈伟', 'mobile': '13800138000', 'id_card_masked':
            '4401**********0021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet', 'provider': 'wechat',
            'masked_reference': '********nwei'}, 'metadata': {}, 'created_at': '2026-12-01T02:05:00+00:00', 'updated_at':
            '2026-12-01T02:05:00+00:00'}

    Attributes:
        id (str):
        name (str):
        mobile (str):
        id_card_masked (str):  Example: 1101**********002X.
        skills (list[str]):
        payout_account (None | PayoutAccountView):
        metadata (WorkerMetadata):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    mobile: str
    id_card_masked: str
    skills: list[str]
    payout_account: None | PayoutAccountView
    metadata: WorkerMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_account_view import PayoutAccountView

        id = self.id

        name = self.name

        mobile = self.mobile

        id_card_masked = self.id_card_masked

        skills = self.skills

        payout_account: dict[str, Any] | None
        if isinstance(self.payout_account, PayoutAccountView):
            payout_account = self.payout_account.to_dict()
        else:
            payout_account = self.payout_account

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "mobile": mobile,
                "id_card_masked": id_card_masked,
                "skills": skills,
                "payout_account": payout_account,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_account_view import PayoutAccountView
        from ..models.worker_metadata import WorkerMetadata

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        mobile = d.pop("mobile")

        id_card_masked = d.pop("id_card_masked")

        skills = cast(list[str], d.pop("skills"))

        def _parse_payout_account(data: object) -> None | PayoutAccountView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_account_type_1 = PayoutAccountView.from_dict(data)

                return payout_account_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutAccountView, data)

        payout_account = _parse_payout_account(d.pop("payout_account"))

        metadata = WorkerMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        worker = cls(
            id=id,
            name=name,
            mobile=mobile,
            id_card_masked=id_card_masked,
            skills=skills,
            payout_account=payout_account,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
        )

        return worker
