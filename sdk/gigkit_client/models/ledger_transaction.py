from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ledger_transaction_status import (
    LedgerTransactionStatus,
    check_ledger_transaction_status,
)

if TYPE_CHECKING:
    from ..models.ledger_entry import LedgerEntry


T = TypeVar("T", bound="LedgerTransaction")


@_attrs_define
class LedgerTransaction:
    """
    Attributes:
        id (str):
        status (LedgerTransactionStatus):
        description (str):
        reverses_id (None | str):
        source_type (None | str):
        source_id (None | str):
        effective_at (datetime.datetime):
        created_at (datetime.datetime):
        posted_at (datetime.datetime | None):
        archived_at (datetime.datetime | None):
        entries (list[LedgerEntry]):
    """

    id: str
    status: LedgerTransactionStatus
    description: str
    reverses_id: None | str
    source_type: None | str
    source_id: None | str
    effective_at: datetime.datetime
    created_at: datetime.datetime
    posted_at: datetime.datetime | None
    archived_at: datetime.datetime | None
    entries: list[LedgerEntry]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str = self.status

        description = self.description

        reverses_id: None | str
        reverses_id = self.reverses_id

        source_type: None | str
        source_type = self.source_type

        source_id: None | str
        source_id = self.source_id

        effective_at = self.effective_at.isoformat()

        created_at = self.created_at.isoformat()

        posted_at: None | str
        if isinstance(self.posted_at, datetime.datetime):
            posted_at = self.posted_at.isoformat()
        else:
            posted_at = self.posted_at

        archived_at: None | str
        if isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "status": status,
                "description": description,
                "reverses_id": reverses_id,
                "source_type": source_type,
                "source_id": source_id,
                "effective_at": effective_at,
                "created_at": created_at,
                "posted_at": posted_at,
                "archived_at": archived_at,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ledger_entry import LedgerEntry

        d = dict(src_dict)
        id = d.pop("id")

        status = check_ledger_transaction_status(d.pop("status"))

        description = d.pop("description")

        def _parse_reverses_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reverses_id = _parse_reverses_id(d.pop("reverses_id"))

        def _parse_source_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_type = _parse_source_type(d.pop("source_type"))

        def _parse_source_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_id = _parse_source_id(d.pop("source_id"))

        effective_at = datetime.datetime.fromisoformat(d.pop("effective_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_posted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                posted_at_type_0 = datetime.datetime.fromisoformat(data)

                return posted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        posted_at = _parse_posted_at(d.pop("posted_at"))

        def _parse_archived_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        archived_at = _parse_archived_at(d.pop("archived_at"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = LedgerEntry.from_dict(entries_item_data)

            entries.append(entries_item)

        ledger_transaction = cls(
            id=id,
            status=status,
            description=description,
            reverses_id=reverses_id,
            source_type=source_type,
            source_id=source_id,
            effective_at=effective_at,
            created_at=created_at,
            posted_at=posted_at,
            archived_at=archived_at,
            entries=entries,
        )

        return ledger_transaction
