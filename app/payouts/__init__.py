"""Payouts: a worker's earned money, sent to their wallet or bank account.

Entities: `Payout` (`pending -> processing -> paid | failed`, `paid -> returned`; a failed
payout can be retried, which starts a new attempt), `PayoutAttempt` (each attempt's
destination and outcome), `SandboxTransfer` (the sandbox provider's own record).

Invariants:
- The money is reserved in the worker's payable by a pending ledger transaction when the
  payout is created: posted when paid, archived when failed, reversed when returned.
- At most one transfer per payout attempt (the provider is idempotent on
  `<payout id>:<attempt>`), and a new attempt only after a definite failure.
- Sending happens after commit, in a job; payouts stuck in `processing`, returns and lost
  send jobs are taken care of by the periodic `payouts.reconcile` (also run by `gigkit
  maintenance reconcile`).
- A payout pays the destination recorded on it (encrypted, bound to tenant and payout), never
  the worker's account as it is when the job runs; only a retry asked to refresh it changes
  it. A payout with no recorded destination is never sent: it fails
  (`destination_unavailable`).

Modules: `service` (create, retry, the send job, reconcile; the public face), `outcomes`
(a provider's answer applied under the row lock; the block's events), `destinations` (the
encrypted destination snapshot), `providers` (the `sandbox`), `reconciliation` (the daily
report against the provider's records), `errors`, `models`, `schemas`, `routes`, `jobs`
(periodic tasks).
"""
