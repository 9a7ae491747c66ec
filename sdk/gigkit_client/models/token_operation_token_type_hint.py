from typing import Literal

TokenOperationTokenTypeHint = Literal["access_token"]

TOKEN_OPERATION_TOKEN_TYPE_HINT_VALUES: set[TokenOperationTokenTypeHint] = {
    "access_token",
}


def check_token_operation_token_type_hint(value: str) -> TokenOperationTokenTypeHint:
    if value in TOKEN_OPERATION_TOKEN_TYPE_HINT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TOKEN_OPERATION_TOKEN_TYPE_HINT_VALUES!r}"
    )
