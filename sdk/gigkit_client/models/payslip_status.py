from typing import Literal

PayslipStatus = Literal["corrected", "in_force"]

PAYSLIP_STATUS_VALUES: set[PayslipStatus] = {
    "corrected",
    "in_force",
}


def check_payslip_status(value: str) -> PayslipStatus:
    if value in PAYSLIP_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYSLIP_STATUS_VALUES!r}"
    )
