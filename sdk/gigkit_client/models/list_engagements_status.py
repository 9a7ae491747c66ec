from typing import Literal

ListEngagementsStatus = Literal["active", "cancelled"]

LIST_ENGAGEMENTS_STATUS_VALUES: set[ListEngagementsStatus] = {
    "active",
    "cancelled",
}


def check_list_engagements_status(value: str) -> ListEngagementsStatus:
    if value in LIST_ENGAGEMENTS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_ENGAGEMENTS_STATUS_VALUES!r}"
    )
