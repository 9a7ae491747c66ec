"""The signing block's rules: templates, contracts and their signing ceremony, evidence.

A contract is rendered from a pinned template version when it is created, and frozen when
it is sent: its SHA-256 is recorded and nothing can change the text afterwards. Signers
sign in `order` (equal orders in parallel); a signature carries consent evidence. Every
step is appended to the contract's audit chain (see `evidence`), under the contract's row
lock, so the chain is a total order. On completion the platform seals the document hash
and the chain hash with Ed25519 and queues the PDF, which a job renders and signs (PAdES,
`pades`: anyone can check it with the public key alone) once, outside any
request or lock (`renderings`); the PDF's own hash is kept, so a copy can be checked later
(`verify`). A signature's evidence names who vouches for it: gigkit's hosted page (the
only way to record `hosted_page`) or the platform's credential.

This module is the block's public face (other blocks and routes import it); the code lives
in `templates`, `contracts`, `ceremony`, `audit`, `verification` and `renderings`.
"""

from __future__ import annotations

from app.signing.audit import append_audit as append_audit
from app.signing.audit import seal_claims as seal_claims
from app.signing.audit import seal_keys as seal_keys
from app.signing.ceremony import Consent as Consent
from app.signing.ceremony import decline as decline
from app.signing.ceremony import expire as expire
from app.signing.ceremony import expire_overdue as expire_overdue
from app.signing.ceremony import sign as sign
from app.signing.ceremony import signer_of as signer_of
from app.signing.ceremony import void as void
from app.signing.contracts import API_METHODS as API_METHODS
from app.signing.contracts import HOSTED as HOSTED
from app.signing.contracts import HOSTED_ACTOR as HOSTED_ACTOR
from app.signing.contracts import MAX_SIGNERS as MAX_SIGNERS
from app.signing.contracts import OPEN as OPEN
from app.signing.contracts import SYSTEM as SYSTEM
from app.signing.contracts import create_contract as create_contract
from app.signing.contracts import get_contract as get_contract
from app.signing.contracts import list_contracts as list_contracts
from app.signing.contracts import lock_contract as lock_contract
from app.signing.contracts import lock_open as lock_open
from app.signing.contracts import rescind as rescind
from app.signing.contracts import send as send
from app.signing.renderings import document as document
from app.signing.templates import create_template as create_template
from app.signing.templates import ensure_builtins as ensure_builtins
from app.signing.templates import get_template as get_template
from app.signing.templates import list_templates as list_templates
from app.signing.verification import Verification as Verification
from app.signing.verification import audit_trail as audit_trail
from app.signing.verification import public_keys as public_keys
from app.signing.verification import verify as verify
