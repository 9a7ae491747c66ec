from typing import Literal

ContractTemplateLocale = Literal["en", "zh-CN"]

CONTRACT_TEMPLATE_LOCALE_VALUES: set[ContractTemplateLocale] = {
    "en",
    "zh-CN",
}


def check_contract_template_locale(value: str) -> ContractTemplateLocale:
    if value in CONTRACT_TEMPLATE_LOCALE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTRACT_TEMPLATE_LOCALE_VALUES!r}"
    )
