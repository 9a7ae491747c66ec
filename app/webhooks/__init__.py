"""Events and webhooks: the outbox's events, exposed and delivered to tenants' endpoints.

Entities: `Event` (the outbox, `app.core.events`): a fact such as `worker.created`,
recorded in the same transaction as the change it describes; this block exposes them
(`GET /v1/events`) and relays them. `WebhookEndpoint` (enabled, or disabled: `manual`,
`gone` after a 410, `failing` after 3 days of failures; only the tenant enables it again),
`WebhookDelivery` (one event for one endpoint, from the relay, a redelivery or a test:
`pending -> succeeded | failed`), `WebhookAttempt` (one HTTP request, or the refusal to
make it, as it happened).

Invariants:
- An enabled endpoint gets one delivery (unique `relay_key`) of each event recorded after
  it was created that its filter matches; redeliveries and tests add deliveries of their own.
- One job at a time delivers to an endpoint (a lease), earliest due first. A failed
  attempt pauses the whole endpoint for the retry schedule's delay; a delivery fails after
  10 attempts, and disabling an endpoint fails its pending deliveries.
- Every request is signed (Standard Webhooks) with the endpoint's secret, and also with the
  previous one during a rotation's overlap; secrets are encrypted at rest and shown only
  when created or rotated.
- Nothing is sent to a special-purpose address (private, loopback, link-local...), checked
  when sending against the address then connected to; only a development setting allows
  them, and never for a live tenant. Live endpoints must use https.

Modules: `service` (the public face: re-exports the names below), `endpoints` (endpoint
CRUD, secrets, test sends, redelivery and recovery, listings), `relay` (events to
deliveries), `delivery` (`deliver_job`: claim, send, record, release), `retries` (the
retry schedule), `signing` (Standard Webhooks signatures), `transport` (the HTTP POST),
`models`, `schemas`, `routes`, `jobs` (periodic tasks).
"""
