"""Events and webhooks: the outbox's events, exposed and delivered to tenants' endpoints.

Entities: `Event` (the outbox, `app.core.events`): an immutable fact such as
`worker.created`, recorded in the same transaction as the change it describes. This block
exposes them (`GET /v1/events`) and delivers them, signed, to webhook endpoints.

Modules: `service` (the public face: re-exports the names below), `endpoints` (endpoint
CRUD, secrets, test sends, redelivery and recovery, listings), `relay` (events to
deliveries), `delivery` (`deliver_job`: claim, send, record, release), `retries` (the
retry schedule), `signing` (Standard Webhooks signatures), `transport` (the HTTP POST),
`models`, `schemas`, `routes`, `jobs` (periodic tasks).
"""
