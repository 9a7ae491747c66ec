from typing import Literal

GetWorkerStatementDocumentLocale = Literal["en", "zh-CN"]

GET_WORKER_STATEMENT_DOCUMENT_LOCALE_VALUES: set[GetWorkerStatementDocumentLocale] = {
    "en",
    "zh-CN",
}


def check_get_worker_statement_document_locale(
    value: str,
) -> GetWorkerStatementDocumentLocale:
    if value in GET_WORKER_STATEMENT_DOCUMENT_LOCALE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_WORKER_STATEMENT_DOCUMENT_LOCALE_VALUES!r}"
    )
