"""Ledger: double-entry bookkeeping under every money movement.

Entities: `LedgerAccount` (kind, owner, currency, normal balance, cached totals),
`LedgerTransaction` (`pending -> posted | archived`; a posted one is corrected only by a
reversal, at most once), `LedgerEntry` (a debit or a credit, append-only).

Invariants:
- Every transaction has two or more entries whose debits equal its credits, in one
  currency. On PostgreSQL a deferred constraint trigger refuses to commit one that does not.
- Balances: `posted` (posted entries), `pending` (posted and pending), `available` (posted,
  less pending outbound: money on its way out cannot be spent twice).
- An account that must not go negative (escrow, holds, workers' payables, cash) is debited by
  a conditional UPDATE, and a CHECK constraint on its totals backs that up.
- Other blocks move money only through `ledger.service` (post, settle_pending, reverse).

Account kinds per tenant and currency: `provider_cash` (debit-normal: money at the funding
and payout provider), `employer_escrow` and `employer_held` (credit-normal, per employer:
deposited and reserved), `worker_payable` (credit-normal, per worker: earned, not yet paid).
"""
