from typing import Literal

ClaimCoverage = Literal[
    "accidental_death_disability", "hospital_allowance_per_day", "medical_expenses"
]

CLAIM_COVERAGE_VALUES: set[ClaimCoverage] = {
    "accidental_death_disability",
    "hospital_allowance_per_day",
    "medical_expenses",
}


def check_claim_coverage(value: str) -> ClaimCoverage:
    if value in CLAIM_COVERAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLAIM_COVERAGE_VALUES!r}"
    )
