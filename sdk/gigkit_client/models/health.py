from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        status (str):
        database (str | Unset):
        redis (str | Unset):
        queues (str | Unset): `ok`, or (503) `backlog`: more jobs wait than GIGKIT_READY_MAX_QUEUED
    """

    status: str
    database: str | Unset = UNSET
    redis: str | Unset = UNSET
    queues: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        database = self.database

        redis = self.redis

        queues = self.queues

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if database is not UNSET:
            field_dict["database"] = database
        if redis is not UNSET:
            field_dict["redis"] = redis
        if queues is not UNSET:
            field_dict["queues"] = queues

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = d.pop("status")

        database = d.pop("database", UNSET)

        redis = d.pop("redis", UNSET)

        queues = d.pop("queues", UNSET)

        health = cls(
            status=status,
            database=database,
            redis=redis,
            queues=queues,
        )

        return health
