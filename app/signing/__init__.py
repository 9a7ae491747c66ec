"""Signing: contract templates, contracts, signers, the audit chain, the seal, PDFs.

Modules: `service` (the public face: re-exports the rules below), `templates`, `contracts`
(create, send, rescind; the contract events), `ceremony` (sign, decline, void, expire),
`audit` (the audit chain and the seal over it), `verification` (audit trail, `verify`,
public keys), `documents` (rendering a template), `evidence` (hashes, chain, Ed25519),
`renderings` and `pdf` (the sealed PDF), `links` and `pages` (hosted signing), `guards`
(the contract rules as PostgreSQL triggers, for migrations), `errors`, `models`, `schemas`
(contracts, signers, links), `template_schemas`, `verification_schemas` (audit trail,
verification, keys), `routes`, `jobs` (periodic tasks).
"""
