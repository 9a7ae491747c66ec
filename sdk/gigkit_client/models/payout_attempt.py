from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payout_attempt_outcome_type_1 import (
    PayoutAttemptOutcomeType1,
    check_payout_attempt_outcome_type_1,
)
from ..models.payout_attempt_outcome_type_2_type_1 import (
    PayoutAttemptOutcomeType2Type1,
    check_payout_attempt_outcome_type_2_type_1,
)
from ..models.payout_attempt_outcome_type_3_type_1 import (
    PayoutAttemptOutcomeType3Type1,
    check_payout_attempt_outcome_type_3_type_1,
)

T = TypeVar("T", bound="PayoutAttempt")


@_attrs_define
class PayoutAttempt:
    """
    Attributes:
        number (int): The attempt: 1, then +1 per retry
        destination_kind (str):
        destination_provider (str):
        destination_masked (str): The account this attempt was sent to, masked
        destination_refreshed (bool): true: a retry with `refresh_destination` took the worker's account as it was then;
            false: the account recorded when the payout was created (attempt 1) or by the previous attempt
        ledger_transaction_id (str): This attempt's pending ledger transaction
        provider_reference (None | str):
        outcome (None | PayoutAttemptOutcomeType1 | PayoutAttemptOutcomeType2Type1 | PayoutAttemptOutcomeType3Type1):
            null until the provider's answer is known (pending, processing)
        failure_code (None | str):
        started_at (datetime.datetime):
        ended_at (datetime.datetime | None): When the attempt was paid or failed (a later return keeps it)
    """

    number: int
    destination_kind: str
    destination_provider: str
    destination_masked: str
    destination_refreshed: bool
    ledger_transaction_id: str
    provider_reference: None | str
    outcome: (
        None
        | PayoutAttemptOutcomeType1
        | PayoutAttemptOutcomeType2Type1
        | PayoutAttemptOutcomeType3Type1
    )
    failure_code: None | str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        destination_kind = self.destination_kind

        destination_provider = self.destination_provider

        destination_masked = self.destination_masked

        destination_refreshed = self.destination_refreshed

        ledger_transaction_id = self.ledger_transaction_id

        provider_reference: None | str
        provider_reference = self.provider_reference

        outcome: None | str
        if (
            isinstance(self.outcome, str)
            or isinstance(self.outcome, str)
            or isinstance(self.outcome, str)
        ):
            outcome = self.outcome
        else:
            outcome = self.outcome

        failure_code: None | str
        failure_code = self.failure_code

        started_at = self.started_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "destination_kind": destination_kind,
                "destination_provider": destination_provider,
                "destination_masked": destination_masked,
                "destination_refreshed": destination_refreshed,
                "ledger_transaction_id": ledger_transaction_id,
                "provider_reference": provider_reference,
                "outcome": outcome,
                "failure_code": failure_code,
                "started_at": started_at,
                "ended_at": ended_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        number = d.pop("number")

        destination_kind = d.pop("destination_kind")

        destination_provider = d.pop("destination_provider")

        destination_masked = d.pop("destination_masked")

        destination_refreshed = d.pop("destination_refreshed")

        ledger_transaction_id = d.pop("ledger_transaction_id")

        def _parse_provider_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_reference = _parse_provider_reference(d.pop("provider_reference"))

        def _parse_outcome(
            data: object,
        ) -> (
            None
            | PayoutAttemptOutcomeType1
            | PayoutAttemptOutcomeType2Type1
            | PayoutAttemptOutcomeType3Type1
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_1 = check_payout_attempt_outcome_type_1(data)

                return outcome_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_2_type_1 = check_payout_attempt_outcome_type_2_type_1(data)

                return outcome_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_3_type_1 = check_payout_attempt_outcome_type_3_type_1(data)

                return outcome_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PayoutAttemptOutcomeType1
                | PayoutAttemptOutcomeType2Type1
                | PayoutAttemptOutcomeType3Type1,
                data,
            )

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        payout_attempt = cls(
            number=number,
            destination_kind=destination_kind,
            destination_provider=destination_provider,
            destination_masked=destination_masked,
            destination_refreshed=destination_refreshed,
            ledger_transaction_id=ledger_transaction_id,
            provider_reference=provider_reference,
            outcome=outcome,
            failure_code=failure_code,
            started_at=started_at,
            ended_at=ended_at,
        )

        return payout_attempt
