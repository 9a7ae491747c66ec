"""The generated SDK calls the CSV exports: text (`sync`) or the exact bytes (`download`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from gigkit_client.api.payslips import (
    export_payslips,
    export_withholding_report,
    get_withholding_report,
)
from gigkit_client.models import WithholdingReport
from gigkit_sdk import ApiError, Gigkit

from app.payslips.exports import PAYSLIP_COLUMNS, WITHHOLDING_COLUMNS


def test_the_sdk_downloads_the_exports(live: dict[str, Any]) -> None:
    first, last = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    header = ",".join(PAYSLIP_COLUMNS) + "\r\n"
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as gk:
        raw = gk.download(export_payslips, from_=first, to=last)
        assert raw == b"\xef\xbb\xbf" + header.encode()
        assert gk.call(export_payslips, from_=first, to=last) == "\ufeff" + header
        report = gk.call(get_withholding_report, month="2026-01")
        assert isinstance(report, WithholdingReport) and report.data == []
        text = gk.call(export_withholding_report, month="2026-01")
        assert text == "\ufeff" + ",".join(WITHHOLDING_COLUMNS) + "\r\n"
        with pytest.raises(ApiError) as refused:
            gk.call(export_payslips, from_=last, to=first)
        assert refused.value.status == 422 and refused.value.errors[0]["field"] == "to"
        with pytest.raises(ApiError) as future:
            gk.call(get_withholding_report, month="9999-12")
        assert future.value.errors[0]["field"] == "month"
