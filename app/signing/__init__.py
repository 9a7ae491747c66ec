"""Signing: contract templates, contracts, signers, the audit chain, the seal, PDFs.

Entities: `ContractTemplate` (immutable versions under a `key`), `Contract` (`draft ->
sent -> partially_signed -> completed -> rescinded`, or straight from `sent` to `completed`
with one signer; a draft or open contract can be `voided`, an open one ends `declined` or
`expired`), `ContractSigner` (`pending -> signed | declined`), `ContractAuditEvent` (the
hash chain), `SigningLink` (`active`, then `used`, `revoked`, `expired`, `locked` or
`contract_closed`, worked out when read), `ContractRendering` (a PDF: `queued -> rendering
-> ready | failed`).

Invariants:
- A contract pins its template version; sending freezes its text with its SHA-256.
  Signers sign in `order` (equal orders in parallel), once each, with consent evidence
  naming who vouches for it (`hosted_page` only from the hosted page, after its one-time
  code; five wrong codes lock the link). The last signature completes the contract and
  seals it: Ed25519 over the document's hash and the audit chain's.
- Every step is appended to the audit chain under the contract's row lock, and every
  change of status records an event; changing or removing an entry of the chain breaks the
  hashes after it, and the seal.
- A completed contract is undone only by a completed rescission agreement between the same
  signers: one under way at a time, and never itself rescinded.
- On PostgreSQL, triggers (`guards`) keep a sent contract's text and terms, a sealed one's
  seal, and a signer's party, name, role and order from changing; a sealed contract only
  goes to `rescinded`, its PDF is stored once with its hash, a signature or refusal is
  final, and no contract or signer is deleted. Template versions and audit events are
  append-only (`core.rls.append_only`).
- PDFs are made by a job, never inside a request or under a lock (`renderings`).

Modules: `service` (the public face: re-exports the rules below), `templates`, `contracts`
(create, send, rescind; the contract events), `ceremony` (sign, decline, void, expire),
`audit` (the audit chain and the seal over it), `verification` (audit trail, `verify`,
public keys), `documents` (rendering a template), `evidence` (hashes, chain, Ed25519),
`renderings` and `pdf` (the sealed PDF), `links`, `pages`, `page_texts`
and `receipts` (hosted signing; a signer's receipt and signed-PDF download; `pages` is the
signing family of the kernel's page pipeline, `core.pages`, whose authentication strategy
is the link's token in the path), `guards`
(the contract rules as PostgreSQL triggers, for migrations), `errors`, `models`, `schemas`
(contracts, signers, links), `template_schemas`, `verification_schemas` (audit trail,
verification, keys), `routes`, `jobs` (periodic tasks).
"""
