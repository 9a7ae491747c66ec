from typing import Literal

ContractStatus = Literal[
    "completed",
    "declined",
    "draft",
    "expired",
    "partially_signed",
    "rescinded",
    "sent",
    "voided",
]

CONTRACT_STATUS_VALUES: set[ContractStatus] = {
    "completed",
    "declined",
    "draft",
    "expired",
    "partially_signed",
    "rescinded",
    "sent",
    "voided",
}


def check_contract_status(value: str) -> ContractStatus:
    if value in CONTRACT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_STATUS_VALUES!r}"
    )
