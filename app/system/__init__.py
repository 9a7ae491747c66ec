"""System: the operations probes, `/healthz` and `/readyz`.

`/healthz` (liveness) answers as long as the process does and touches nothing; `/readyz`
(readiness) answers once the database and, when configured, Redis do, else 503
`not_ready`. No entities and nothing written: both are public and run outside the request
pipeline of `core/operation.py` (no credential, tenant, rate limit or unit of work).

Modules: `service` (the readiness checks), `errors`, `routes` (with its `HealthSchema`).
"""
