from typing import Literal

GetPayslipDocumentLocale = Literal["en", "zh-CN"]

GET_PAYSLIP_DOCUMENT_LOCALE_VALUES: set[GetPayslipDocumentLocale] = {
    "en",
    "zh-CN",
}


def check_get_payslip_document_locale(value: str) -> GetPayslipDocumentLocale:
    if value in GET_PAYSLIP_DOCUMENT_LOCALE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_PAYSLIP_DOCUMENT_LOCALE_VALUES!r}"
    )
