"""Parties: the two sides of a day's work.

Entities: `Employer` (name, unified social credit code with its GB 32100 check character,
contact, sites) and `Worker` (name, mainland mobile, resident ID-card number with its
GB 11643 check digit, skills, payout account). Neither has states: both are corrected in
place, and the API deletes neither.

Invariants:
- One employer per credit code and one worker per ID-card number, per tenant (409 with the
  existing id, also under concurrent requests).
- ID-card numbers and payout references are encrypted at rest (AES-GCM, bound to tenant and
  field), found through a per-tenant keyed hash, write-only on input, masked on output and
  never logged.
- Every create and update records an event in the same transaction.

Modules: `service` (the public face), `identity` (the check digits and masks, pure),
`errors`, `models`, `schemas`, `routes`.
"""
