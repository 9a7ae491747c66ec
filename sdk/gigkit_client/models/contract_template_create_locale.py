from typing import Literal

ContractTemplateCreateLocale = Literal["en", "zh-CN"]

CONTRACT_TEMPLATE_CREATE_LOCALE_VALUES: set[ContractTemplateCreateLocale] = {
    "en",
    "zh-CN",
}


def check_contract_template_create_locale(value: str) -> ContractTemplateCreateLocale:
    if value in CONTRACT_TEMPLATE_CREATE_LOCALE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_TEMPLATE_CREATE_LOCALE_VALUES!r}"
    )
