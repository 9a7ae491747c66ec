"""How `Gigkit.call` runs a generated operation: its type, its Idempotency-Key, its body.

A generated operation is a module (`gigkit_client.api.escrow.create_deposit`) whose
`_parse_response` says what it answers (`Deposit | Problem | None`). `Operation[T]`
captures that `T`, so `gk.call(create_deposit, ...)` is typed `Deposit` and mypy catches
`deposit.amout`. `arguments()` fills what the SDK promises: an `Idempotency-Key` for the
operations that take one (required on those that move money), unless one is given, and a
`body=` given as a dict becomes the operation's body model.
"""

from __future__ import annotations

import types
import typing
import uuid
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

import httpx
from gigkit_client.client import AuthenticatedClient, Client
from gigkit_client.models.problem import Problem
from gigkit_client.types import UNSET, Unset

T = TypeVar("T", covariant=True)
Item = TypeVar("Item", covariant=True)


class Operation(Protocol[T]):  # T: what it answers
    """A generated operation module, answering `T` (or a `Problem`, which `call` raises)."""

    def _parse_response(
        self, *, client: AuthenticatedClient | Client, response: httpx.Response
    ) -> T | Problem | None: ...


class Page(Protocol[Item]):
    """A generated list page (`WorkerPage`, ...)."""

    @property
    def data(self) -> Sequence[Item]: ...

    @property
    def has_more(self) -> bool: ...


def arguments(operation: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """`kwargs` for `operation._get_kwargs`, with an Idempotency-Key and a body model."""
    hints = _hints(operation)
    out = dict(kwargs)
    if "idempotency_key" in hints and isinstance(out.get("idempotency_key", UNSET), Unset | None):
        out["idempotency_key"] = str(uuid.uuid4())
    elif "idempotency_key" in out:
        check_idempotency_key(out["idempotency_key"])
    if "body" in out and isinstance(out["body"], dict):
        out["body"] = _model(operation, hints["body"], out["body"])
    return out


def check_idempotency_key(key: Any) -> None:
    """What the API accepts as a key (1-255 printable ASCII characters), checked before
    sending: a key of Chinese text or with a newline would otherwise fail in the HTTP
    library, not as the API's 400."""
    if (
        not isinstance(key, str)
        or not 1 <= len(key) <= 255
        or not all(" " <= c <= "~" for c in key)
    ):
        raise ValueError(f"idempotency_key must be 1-255 printable ASCII characters, not {key!r}")


def _hints(operation: Any) -> dict[str, Any]:
    try:
        get_kwargs = operation._get_kwargs
    except AttributeError:
        raise TypeError(
            f"{operation!r} is not a generated operation: pass a module such as "
            "gigkit_client.api.parties.create_worker"
        ) from None
    return typing.get_type_hints(get_kwargs)


def _model(operation: Any, hint: Any, body: dict[str, Any]) -> Any:
    """The operation's body model built from a dict (`Model.from_dict`)."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    models = [m for m in options if isinstance(m, type) and hasattr(m, "from_dict")]
    name = operation.__name__.rsplit(".", 1)[-1]
    if len(models) != 1:
        raise TypeError(f"{name}: pass body= as a model, not a dict")
    model = models[0]
    try:
        return model.from_dict(body)
    except KeyError as missing:
        raise TypeError(
            f"{name}: body is missing the required field {missing}; "
            f"see gigkit_client.models.{model.__name__}"
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise TypeError(f"{name}: body is not a valid {model.__name__}: {exc}") from None
