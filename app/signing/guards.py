"""The contract rules in PostgreSQL, as SQL for migrations to execute.

`contract_guards` (migration 0005) freezes a sent contract and a sealed one, fixes a signer
and makes a signature or refusal final, and refuses to delete either. Migration 0007
replaces the contract trigger's function with `contract_pdf_rendered_later`, which lets a
job store the sealed PDF once after the seal; its downgrade puts back the 0005 function
(`contract_guards()[0]`). On SQLite the migrations skip them all and only the services'
own checks apply.
"""

from __future__ import annotations

from app.core.rls import APPEND_ONLY_FUNCTION


def contract_guards() -> list[str]:
    """A sent contract's document, hash, title, deadline and template never change; a sealed
    one's seal and PDF never change and its status only goes to `rescinded`; a signer's
    party, name, role and order never change, and a signature or refusal is final; neither
    is ever deleted."""
    return [
        _contract_frozen_function(
            sealed="seal, seal_key_id, pdf, pdf_sha256, completed_at", pdf_check=""
        ),
        "CREATE TRIGGER contracts_frozen BEFORE UPDATE ON contracts "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_contract_frozen()",
        """
CREATE OR REPLACE FUNCTION gigkit_signer_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.tenant_id, NEW.contract_id, NEW.party_type, NEW.party_id, NEW.name,
        NEW.role, NEW.signing_order, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.tenant_id, OLD.contract_id, OLD.party_type, OLD.party_id, OLD.name,
        OLD.role, OLD.signing_order, OLD.created_at) THEN
        RAISE EXCEPTION 'signer % is fixed', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status <> 'pending'
       AND (NEW.status, NEW.signed_at, NEW.evidence)
           IS DISTINCT FROM (OLD.status, OLD.signed_at, OLD.evidence) THEN
        RAISE EXCEPTION 'signer % has already %', OLD.id, OLD.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
""",
        "CREATE TRIGGER contract_signers_fixed BEFORE UPDATE ON contract_signers "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_signer_fixed()",
        "CREATE TRIGGER contract_signers_no_delete BEFORE DELETE ON contract_signers "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_refuse_change()",
        APPEND_ONLY_FUNCTION,
        "CREATE TRIGGER contracts_no_delete BEFORE DELETE ON contracts "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_refuse_change()",
    ]


def contract_pdf_rendered_later() -> str:
    """`gigkit_contract_frozen` as of migration 0007: a sealed contract's PDF is made by a
    job after the seal, so `pdf`, its SHA-256 (which must be the PDF's) and its own seal may
    be set once, together, on a sealed contract, and never change after; everything else
    is as in `contract_guards`."""
    return _contract_frozen_function(sealed="seal, seal_key_id, completed_at", pdf_check=PDF_ONCE)


PDF_ONCE = """
    IF (NEW.pdf, NEW.pdf_sha256, NEW.pdf_seal, NEW.pdf_seal_key_id)
       IS DISTINCT FROM (OLD.pdf, OLD.pdf_sha256, OLD.pdf_seal, OLD.pdf_seal_key_id)
       AND (OLD.pdf_sha256 IS NOT NULL OR NEW.seal IS NULL
            OR NEW.pdf IS NULL OR NEW.pdf_seal IS NULL OR NEW.pdf_seal_key_id IS NULL
            OR NEW.pdf_sha256 IS DISTINCT FROM encode(sha256(NEW.pdf), 'hex')) THEN
        RAISE EXCEPTION 'contract %: the sealed PDF is stored once, with its hash', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;"""


def _contract_frozen_function(*, sealed: str, pdf_check: str) -> str:
    """The contract guard's function: `sealed` lists the columns a seal freezes."""
    new = ", ".join(f"NEW.{c.strip()}" for c in sealed.split(","))
    old = ", ".join(f"OLD.{c.strip()}" for c in sealed.split(","))
    return f"""
CREATE OR REPLACE FUNCTION gigkit_contract_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.document_sha256 IS NOT NULL
       AND (NEW.document, NEW.document_sha256, NEW.template_id, NEW.variables, NEW.tenant_id,
            NEW.title, NEW.locale, NEW.sign_by, NEW.rescinds_id, NEW.sent_at)
           IS DISTINCT FROM
           (OLD.document, OLD.document_sha256, OLD.template_id, OLD.variables, OLD.tenant_id,
            OLD.title, OLD.locale, OLD.sign_by, OLD.rescinds_id, OLD.sent_at) THEN
        RAISE EXCEPTION 'contract % is frozen since it was sent', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.seal IS NOT NULL AND ({new}) IS DISTINCT FROM ({old}) THEN
        RAISE EXCEPTION 'contract % is sealed', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;{pdf_check}
    IF OLD.seal IS NOT NULL AND NOT (NEW.status = OLD.status
       OR (OLD.status = 'completed' AND NEW.status = 'rescinded')) THEN
        RAISE EXCEPTION 'contract % is sealed: it can only be rescinded', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""


def drop_contract_guards() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS contract_signers_no_delete ON contract_signers",
        "DROP TRIGGER IF EXISTS contract_signers_fixed ON contract_signers",
        "DROP FUNCTION IF EXISTS gigkit_signer_fixed()",
        "DROP TRIGGER IF EXISTS contracts_no_delete ON contracts",
        "DROP TRIGGER IF EXISTS contracts_frozen ON contracts",
        "DROP FUNCTION IF EXISTS gigkit_contract_frozen()",
    ]
