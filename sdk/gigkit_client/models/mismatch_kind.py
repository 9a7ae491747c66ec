from typing import Literal

MismatchKind = Literal[
    "amount_differs", "missing_at_provider", "status_differs", "unknown_transfer"
]

MISMATCH_KIND_VALUES: set[MismatchKind] = {
    "amount_differs",
    "missing_at_provider",
    "status_differs",
    "unknown_transfer",
}


def check_mismatch_kind(value: str) -> MismatchKind:
    if value in MISMATCH_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MISMATCH_KIND_VALUES!r}"
    )
