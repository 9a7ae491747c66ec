"""Schemathesis hooks for gigkit's guardrail run (loaded through SCHEMATHESIS_HOOKS).

- The fuzzer draws `Idempotency-Key` values from a tiny space ("0", "00"...), so unrelated
  requests share keys and, correctly, get 422 `idempotency_error`, which schemathesis would
  report as valid data rejected. A well-formed key is therefore replaced by a fresh UUID,
  as a real client sends one per request; malformed keys are left alone so the negative
  checks still see them refused. Idempotency itself is tested in tests/core.
- The `/oauth/*` operations authenticate the OAuth client with HTTP Basic (the run's other
  credentials are the two tenants' API keys): GIGKIT_ST_OAUTH_BASIC holds "id:secret".
- The run's own credentials must survive it: the fuzzer lists keys and then revokes or
  rotates what it finds, its own key included, after which every request would be a 401
  and nothing more would be tested. Those few calls (DELETE/POST on an id listed in
  GIGKIT_ST_PROTECTED_IDS) are pointed at a missing id of the same kind instead, a 404.
"""

from __future__ import annotations

import base64
import os
import re
import uuid
from typing import Any

import schemathesis

_WELL_FORMED = re.compile(r"[\x20-\x7e]{1,255}")
_PROTECTED = {i for i in os.environ.get("GIGKIT_ST_PROTECTED_IDS", "").split(",") if i}
_OAUTH_BASIC = (
    "Basic " + base64.b64encode(os.environ.get("GIGKIT_ST_OAUTH_BASIC", "").encode()).decode()
)
_MISSING = "0" * 26


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers  # auth has been applied to them by now
    if headers is not None:
        key = headers.get("Idempotency-Key")
        if isinstance(key, str) and _WELL_FORMED.fullmatch(key):
            headers["Idempotency-Key"] = str(uuid.uuid4())
        if case.path.startswith("/oauth/") and "Authorization" in headers:
            headers["Authorization"] = _OAUTH_BASIC
    if case.method.upper() in ("DELETE", "POST") and case.path_parameters:
        for name, value in list(case.path_parameters.items()):
            if value in _PROTECTED:
                case.path_parameters[name] = value.split("_", 1)[0] + "_" + _MISSING
