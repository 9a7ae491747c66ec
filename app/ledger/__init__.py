"""Ledger: double-entry bookkeeping under every money movement.

Entities: `LedgerAccount` (kind, owner, currency, normal balance, cached totals),
`LedgerTransaction` (`pending -> posted | archived`; a posted one is corrected only by a
reversal, at most once), `LedgerEntry` (a debit or a credit, append-only).

Invariants:
- Every transaction has two or more entries whose debits equal its credits, in one
  currency, the currency of each entry's account (a composite foreign key). On PostgreSQL a
  deferred constraint trigger refuses to commit an unbalanced one.
- An idempotency key posts once: posting it again answers the first transaction.
- Entries never change; a transaction's status changes once, from pending, and nothing
  else about it; no account or transaction is deleted. On PostgreSQL the application role
  may neither delete these rows nor change entries (grants), and triggers refuse, for every
  role, changing or deleting an entry or a transaction, but for a transaction's one status
  change from pending (`guards`; the entries' trigger is `core.rls.append_only`).
- Balances: `posted` (posted entries), `pending` (posted and pending), `available` (posted,
  less pending outbound: money on its way out cannot be spent twice).
- An account that must not go negative is updated by a conditional UPDATE on its balance
  after the whole batch, and a CHECK constraint on its totals backs that up. Accounts are
  updated in id order, so concurrent batches never deadlock on them.
- Other blocks move money only through `ledger.service`: `post_many` (the primitive: a
  constant number of statements for any number of transactions), `post` (a batch of one),
  `settle_pending`, `reverse`. A posting's `effective_at` defaults to now(session).

Account kinds are declared by the blocks that book to them (`declare_kind`, at import):
`provider_cash` (the ledger's own, debit-normal: money at the funding and payout provider),
`employer_escrow` and `employer_held` (escrow), `worker_payable` (escrow and payouts).

Modules: `service` (the public face: gathers the names below), `accounts` (kinds, accounts
per unit of work), `posting` (`post_many`, `post`), `settling` (`settle_pending`,
`reverse`), `queries` (reading, and `audit`: the cached totals against the entries),
`guards` (the rules above as PostgreSQL triggers, for migrations), `errors`, `models`,
`schemas`, `routes`.
"""
