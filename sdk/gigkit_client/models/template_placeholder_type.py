from typing import Literal

TemplatePlaceholderType = Literal[
    "date",
    "employer.credit_code",
    "employer.name",
    "integer",
    "money",
    "text",
    "worker.id_card",
    "worker.mobile",
    "worker.name",
]

TEMPLATE_PLACEHOLDER_TYPE_VALUES: set[TemplatePlaceholderType] = {
    "date",
    "employer.credit_code",
    "employer.name",
    "integer",
    "money",
    "text",
    "worker.id_card",
    "worker.mobile",
    "worker.name",
}


def check_template_placeholder_type(value: str) -> TemplatePlaceholderType:
    if value in TEMPLATE_PLACEHOLDER_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TEMPLATE_PLACEHOLDER_TYPE_VALUES!r}"
    )
