"""Schemathesis hooks for gigkit's guardrail run (loaded through SCHEMATHESIS_HOOKS).

The fuzzer draws `Idempotency-Key` values from a tiny space ("0", "00"...), so unrelated
requests share keys and, correctly, get 422 `idempotency_error` - which schemathesis would
report as valid data rejected. A well-formed key is therefore replaced by a fresh UUID, as a
real client does per request; malformed keys are left alone so the negative checks still
see them refused. Idempotency itself is tested in tests/core/test_idempotency.py.
"""

from __future__ import annotations

import os
import re
import uuid
from typing import Any

import schemathesis

_WELL_FORMED = re.compile(r"^[\x20-\x7e]{1,255}$")


@schemathesis.hook
def map_headers(context: Any, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    key = headers.get("Idempotency-Key") if headers else None
    if isinstance(key, str) and _WELL_FORMED.fullmatch(key):
        headers["Idempotency-Key"] = str(uuid.uuid4())  # type: ignore[index]
    return headers


# The run's own credentials (alice's and bob's API keys, the OAuth client the /oauth
# operations authenticate with) must survive the run: the fuzzer lists keys and then
# revokes or rotates what it finds, its own key included, after which every request would
# be a 401 and nothing more would be tested. Those few calls are pointed at a missing id
# of the same kind instead (a 404); every other id is fuzzed as usual.
_PROTECTED = {i for i in os.environ.get("GIGKIT_ST_PROTECTED_IDS", "").split(",") if i}
_MISSING = "0" * 26


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.method.upper() not in ("DELETE", "POST") or not case.path_parameters:
        return
    for name, value in case.path_parameters.items():
        if value in _PROTECTED:
            case.path_parameters[name] = value.split("_", 1)[0] + "_" + _MISSING
