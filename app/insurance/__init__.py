"""Insurance: per-day accident cover for gig workers, in force from the clock-in.

Entities: `Product` (a tenant's cover from an insurer) and its `ProductVersion`s (the terms:
daily premium, coverages and sums insured, ages, excluded job categories; append-only),
`Policy` (one worker, one employer who pays, one product version: `scheduled -> active ->
expired`, or `cancelled`), `PolicyDay` (one covered day: `scheduled -> active -> expired`,
or `cancelled`; its cover window `[cover_starts_at, cover_ends_at)`), `InsurerNotification`
(`bind`, `activate`, `cancel`: `pending -> confirmed | refused`), `Claim` (an incident on a
covered day: `submitted -> under_review -> approved | rejected`, `approved -> paid`) and its
`ClaimEvidence` (the evidence pack, frozen with its SHA-256 at submission; append-only).

Invariants:
- A policy keeps the product version it was sold under; a product change is a new version.
- At most one covered day per worker and date that is not cancelled (409 `policy_overlaps`).
- Each day's premium is held in the employer's escrow at purchase (402 and nothing written
  otherwise) and charged once, when its cover starts, to the insurer's
  `insurance_premiums` account (an escrow release, source `("policy_day", id)`); a day
  cancelled before its cover started is refunded in full; a started day never is.
- A shift's day starts at its clock-in, in the clock-in's transaction; a day bought without
  a shift at 00:00 (or at purchase, for today); every day ends at 24:00, tenant time.
- The insurer is told after commit, idempotently on our ids, until it confirms; our cover
  never waits for it.
- A claim's incident lies in a cover window that started; its amount is at most the sum
  insured; an approved claim the insurer has is paid once (`provider_cash ->
  insurer_settlement -> worker_payable`, then a payout with source `("claim", id)`).

Modules: `service` (the public face; registers `hooks` into the work block), `products`,
`policies` (buy, cancel, read), `cover` (activate, cancel, expire under the policy's lock),
`notify` (the insurer's notifications and their job), `claims` (submit, review, read),
`evidence` (the pack and its hash), `claim_jobs` (telling the insurer, paying), `insurers`
(the interface and the `sandbox`), `pricing` (pure), `errors`, `models`, `schemas`,
`claim_schemas`, `routes`, `jobs`; `certificate` with `certificate_labels` and
`certificate_routes` (the policy's PDF, rendered on each request).
"""
