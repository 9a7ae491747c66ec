"""TenantSettings: typed, checked in one place (the API, the CLI path and the service agree),
read once per unit of work, and fresh again after the tenant changes them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from app.core.errors import ValidationFailed
from app.core.time import local_day
from app.tenants import service as tenants
from app.tenants.schemas import TenantUpdateSchema
from app.tenants.settings import TenantSettings
from tests.helpers import CLI, TenantHandle, database, statements


def test_settings_are_typed_and_read_once_per_unit_of_work(app: Any, tenant: TenantHandle) -> None:
    with (
        statements(app, "FROM tenants") as reads,
        database(app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        found = {tenants.settings_of(session) for _ in range(5)}
    assert found == {TenantSettings("Asia/Shanghai", "zh-CN", "CNY")}
    assert len(reads) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.pop().currency = "USD"  # type: ignore[misc]


def test_a_change_is_seen_at_once_by_settings_and_the_calendar(
    app: Any, tenant: TenantHandle
) -> None:
    evening = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        assert tenants.settings_of(session).time_zone == "Asia/Shanghai"
        assert local_day(session, evening) == dt.date(2027, 1, 1)  # 04:00 in Shanghai
        tenants.update_current(
            session, actor=CLI, changes={"time_zone": "Europe/Berlin", "currency": "EUR"}
        )
        assert tenants.settings_of(session) == TenantSettings("Europe/Berlin", "zh-CN", "EUR")
        assert local_day(session, evening) == dt.date(2026, 12, 31)  # 21:00 in Berlin
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        assert tenants.settings_of(session).zone.key == "Europe/Berlin"


def test_every_bad_setting_is_named_at_once() -> None:
    with pytest.raises(ValidationFailed) as caught:
        TenantSettings(time_zone="Mars/Olympus_Mons", locale="english", currency="XXX")
    assert caught.value.status == 422
    assert [e["field"] for e in caught.value.errors or []] == ["time_zone", "locale", "currency"]


def test_the_cli_path_refuses_what_the_api_refuses(app: Any) -> None:
    """`create_tenant` used to store any time zone; the first calendar day then failed."""
    with (
        pytest.raises(ValidationFailed, match="IANA time zone"),
        database(app).unit_of_work() as session,
    ):
        tenants.create_tenant(session, name="Nowhere", time_zone="Mars/Olympus_Mons")


@pytest.mark.parametrize("changes", [{"currency": "XXX"}, {"locale": "zh_CN"}])
def test_the_service_checks_what_it_stores(
    app: Any, tenant: TenantHandle, changes: dict[str, Any]
) -> None:
    with (
        pytest.raises(ValidationFailed),
        database(app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        tenants.update_current(session, actor=CLI, changes=changes)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Asia/Shanghai"),
        ("time_zone", "UTC"),
        ("time_zone", "asia/shanghai"),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "Asia/Shanghai\n"),
        ("locale", "en"),
        ("locale", "zh-CN"),
        ("locale", "zh-cn"),
        ("locale", "zh-CN\n"),
        ("locale", "eng"),
        ("currency", "CNY"),
        ("currency", "cny"),
        ("currency", "XXX"),
    ],
)
def test_the_wire_schema_and_the_settings_agree(field: str, value: str) -> None:
    schema_ok = not TenantUpdateSchema().validate({field: value})
    try:
        TenantSettings(**{field: value})
        settings_ok = True
    except ValidationFailed:
        settings_ok = False
    assert schema_ok == settings_ok
