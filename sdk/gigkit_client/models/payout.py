from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payout_status import PayoutStatus, check_payout_status

if TYPE_CHECKING:
    from ..models.payout_attempt import PayoutAttempt


T = TypeVar("T", bound="Payout")


@_attrs_define
class Payout:
    """
    Example:
        {'id': 'po_01m90z693e48ze8007srgf9gmn', 'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount': 28000,
            'currency': 'CNY', 'status': 'paid', 'attempt': 1, 'provider': 'sandbox', 'destination_kind': 'wallet',
            'destination_provider': 'wechat', 'destination_masked': '********nwei', 'provider_reference': 'sbx_4f1c2a9e',
            'failure_code': None, 'ledger_transaction_id': 'ltx_01m90z693fexqsmfnf814rk3vs', 'return_transaction_id': None,
            'test_clock': None, 'created_at': '2026-12-04T10:01:00+00:00', 'updated_at': '2026-12-04T10:01:05+00:00',
            'paid_at': '2026-12-04T10:01:05+00:00', 'failed_at': None, 'returned_at': None, 'attempts': [{'number': 1,
            'destination_kind': 'wallet', 'destination_provider': 'wechat', 'destination_masked': '********nwei',
            'destination_refreshed': False, 'ledger_transaction_id': 'ltx_01m90z693fexqsmfnf814rk3vs', 'provider_reference':
            'sbx_4f1c2a9e', 'outcome': 'paid', 'failure_code': None, 'started_at': '2026-12-04T10:01:00+00:00', 'ended_at':
            '2026-12-04T10:01:05+00:00'}]}

    Attributes:
        id (str):
        worker_id (str):
        amount (int):
        currency (str):
        status (PayoutStatus):
        attempt (int): 1, then +1 per retry
        provider (str):
        destination_kind (str): The current attempt's destination (see attempts)
        destination_provider (str):
        destination_masked (str):
        provider_reference (None | str):
        failure_code (None | str):
        ledger_transaction_id (str):
        return_transaction_id (None | str):
        test_clock (None | str): The test clock (`clk_...`) of a test-mode tenant it was made under; kept after the
            clock is deleted. `null` otherwise, always in live mode.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        paid_at (datetime.datetime | None):
        failed_at (datetime.datetime | None):
        returned_at (datetime.datetime | None):
        attempts (list[PayoutAttempt]): Every attempt, oldest first, with the account it was sent to and its outcome;
            the last one is the current attempt. Empty for a payout created before attempts were recorded, until it is
            retried
    """

    id: str
    worker_id: str
    amount: int
    currency: str
    status: PayoutStatus
    attempt: int
    provider: str
    destination_kind: str
    destination_provider: str
    destination_masked: str
    provider_reference: None | str
    failure_code: None | str
    ledger_transaction_id: str
    return_transaction_id: None | str
    test_clock: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    paid_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    attempts: list[PayoutAttempt]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        worker_id = self.worker_id

        amount = self.amount

        currency = self.currency

        status: str = self.status

        attempt = self.attempt

        provider = self.provider

        destination_kind = self.destination_kind

        destination_provider = self.destination_provider

        destination_masked = self.destination_masked

        provider_reference: None | str
        provider_reference = self.provider_reference

        failure_code: None | str
        failure_code = self.failure_code

        ledger_transaction_id = self.ledger_transaction_id

        return_transaction_id: None | str
        return_transaction_id = self.return_transaction_id

        test_clock: None | str
        test_clock = self.test_clock

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        returned_at: None | str
        if isinstance(self.returned_at, datetime.datetime):
            returned_at = self.returned_at.isoformat()
        else:
            returned_at = self.returned_at

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "worker_id": worker_id,
                "amount": amount,
                "currency": currency,
                "status": status,
                "attempt": attempt,
                "provider": provider,
                "destination_kind": destination_kind,
                "destination_provider": destination_provider,
                "destination_masked": destination_masked,
                "provider_reference": provider_reference,
                "failure_code": failure_code,
                "ledger_transaction_id": ledger_transaction_id,
                "return_transaction_id": return_transaction_id,
                "test_clock": test_clock,
                "created_at": created_at,
                "updated_at": updated_at,
                "paid_at": paid_at,
                "failed_at": failed_at,
                "returned_at": returned_at,
                "attempts": attempts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_attempt import PayoutAttempt

        d = dict(src_dict)
        id = d.pop("id")

        worker_id = d.pop("worker_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        status = check_payout_status(d.pop("status"))

        attempt = d.pop("attempt")

        provider = d.pop("provider")

        destination_kind = d.pop("destination_kind")

        destination_provider = d.pop("destination_provider")

        destination_masked = d.pop("destination_masked")

        def _parse_provider_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_reference = _parse_provider_reference(d.pop("provider_reference"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        ledger_transaction_id = d.pop("ledger_transaction_id")

        def _parse_return_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        return_transaction_id = _parse_return_transaction_id(
            d.pop("return_transaction_id")
        )

        def _parse_test_clock(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        test_clock = _parse_test_clock(d.pop("test_clock"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))

        def _parse_returned_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                returned_at_type_0 = datetime.datetime.fromisoformat(data)

                return returned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        returned_at = _parse_returned_at(d.pop("returned_at"))

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = PayoutAttempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        payout = cls(
            id=id,
            worker_id=worker_id,
            amount=amount,
            currency=currency,
            status=status,
            attempt=attempt,
            provider=provider,
            destination_kind=destination_kind,
            destination_provider=destination_provider,
            destination_masked=destination_masked,
            provider_reference=provider_reference,
            failure_code=failure_code,
            ledger_transaction_id=ledger_transaction_id,
            return_transaction_id=return_transaction_id,
            test_clock=test_clock,
            created_at=created_at,
            updated_at=updated_at,
            paid_at=paid_at,
            failed_at=failed_at,
            returned_at=returned_at,
            attempts=attempts,
        )

        return payout
