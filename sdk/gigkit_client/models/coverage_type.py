from typing import Literal

CoverageType = Literal[
    "accidental_death_disability", "hospital_allowance_per_day", "medical_expenses"
]

COVERAGE_TYPE_VALUES: set[CoverageType] = {
    "accidental_death_disability",
    "hospital_allowance_per_day",
    "medical_expenses",
}


def check_coverage_type(value: str) -> CoverageType:
    if value in COVERAGE_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COVERAGE_TYPE_VALUES!r}"
    )
