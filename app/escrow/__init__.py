"""Escrow: wages pre-funded by employers, before the work.

Entities: `Deposit` (`pending -> succeeded | failed`), `Hold` (`active ->
partially_released -> released`, or `cancelled`), `Release` (part of a hold paid into a
worker's payable), `Refund` (unused escrow back to the employer).

Invariants:
- Available escrow never goes below zero: a hold or refund is all or nothing
  (402 `insufficient_escrow_balance`), also under any number of concurrent requests.
- A hold is released at most up to what remains on it, once per request; a released or
  cancelled hold releases nothing (409 `hold_not_active`).
- Every movement is a ledger transaction (see `app.ledger`) plus an outbox event.

Modules: `service` (deposits, holds, cancels, refunds, balances; the public face, which
re-exports `releases`), `releases` (releasing holds, in batches), `accounts` (the block's
ledger account kinds), `providers` (funding providers: the `sandbox`), `errors`, `models`,
`schemas`, `routes`, `jobs` (periodic tasks).
"""
