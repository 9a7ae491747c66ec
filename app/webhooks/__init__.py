"""Events and (later) webhooks.

Entities: `Event` (the outbox, `app.core.events`): an immutable fact such as
`worker.created`, recorded in the same transaction as the change it describes. This block
exposes them (`GET /v1/events`); signed webhook delivery of the same rows comes next.
"""
