from typing import Literal

ClaimCreateCoverage = Literal[
    "accidental_death_disability", "hospital_allowance_per_day", "medical_expenses"
]

CLAIM_CREATE_COVERAGE_VALUES: set[ClaimCreateCoverage] = {
    "accidental_death_disability",
    "hospital_allowance_per_day",
    "medical_expenses",
}


def check_claim_create_coverage(value: str) -> ClaimCreateCoverage:
    if value in CLAIM_CREATE_COVERAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLAIM_CREATE_COVERAGE_VALUES!r}"
    )
