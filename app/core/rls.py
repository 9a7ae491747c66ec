"""PostgreSQL row-level security and privileges, as SQL for migrations to execute.

Policies fail closed: with no tenant set, `current_setting('app.tenant_id', true)` is NULL
(or '' after an earlier transaction on the same connection), `nullif(..., '')` makes both
NULL, and `tenant_id = NULL` matches nothing (R-RLS-3). `FORCE` makes the policies bind the
table owner too; the application role must be neither owner, superuser nor BYPASSRLS.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import MetaData

TENANT = "nullif(current_setting('app.tenant_id', true), '')"
LOOKUP = "nullif(current_setting('app.credential_lookup', true), '')"


def enable(table: str, *, lookup_column: str | None = None) -> list[str]:
    """Statements that put `table` under tenant isolation (and, for credential tables, the
    SELECT-only policy that shows a row to whoever presents its secret's hash)."""
    statements = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING (tenant_id = {TENANT}) WITH CHECK (tenant_id = {TENANT})",
    ]
    if lookup_column:
        statements.append(
            f"CREATE POLICY credential_lookup ON {table} FOR SELECT "
            f"USING ({lookup_column} = {LOOKUP})"
        )
    return statements


def enable_for_tenants_table() -> list[str]:
    """`tenants` is the platform's own table: the application may read every row (the CLI
    lists tenants for maintenance) and create tenants, but only change the row of the
    tenant its transaction is bound to, and never delete one."""
    return [
        "ALTER TABLE tenants ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE tenants FORCE ROW LEVEL SECURITY",
        "CREATE POLICY tenants_read ON tenants FOR SELECT USING (true)",
        "CREATE POLICY tenants_create ON tenants FOR INSERT WITH CHECK (true)",
        f"CREATE POLICY tenants_update_own ON tenants FOR UPDATE USING (id = {TENANT}) "
        f"WITH CHECK (id = {TENANT})",
    ]


def disable(table: str) -> list[str]:
    return [
        f"DROP POLICY IF EXISTS tenants_read ON {table}",
        f"DROP POLICY IF EXISTS tenants_create ON {table}",
        f"DROP POLICY IF EXISTS tenants_update_own ON {table}",
        f"DROP POLICY IF EXISTS credential_lookup ON {table}",
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION gigkit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def append_only(table: str) -> list[str]:
    return [
        APPEND_ONLY_FUNCTION,
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION gigkit_refuse_change()",
    ]


def ledger_guards() -> list[str]:
    """The ledger's rules, in the database: (1) a transaction's entries must balance per
    currency when it commits (deferred, so entries can be inserted one by one); (2) a
    transaction's status changes once, from pending, and nothing else about it changes."""
    return [
        """
CREATE OR REPLACE FUNCTION gigkit_ledger_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    off RECORD;
BEGIN
    SELECT currency, sum(CASE direction WHEN 'debit' THEN amount ELSE -amount END) AS total
      INTO off
      FROM ledger_entries
     WHERE tenant_id = NEW.tenant_id AND transaction_id = NEW.transaction_id
     GROUP BY currency
    HAVING sum(CASE direction WHEN 'debit' THEN amount ELSE -amount END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced in % by %',
            NEW.transaction_id, off.currency, off.total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$
""",
        "CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gigkit_ledger_balanced()",
        """
CREATE OR REPLACE FUNCTION gigkit_ledger_transaction_once() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'pending' OR NEW.status = 'pending'
       OR (NEW.id, NEW.tenant_id, NEW.description, NEW.idempotency_key, NEW.reverses_id,
           NEW.source_type, NEW.source_id, NEW.effective_at, NEW.created_at)
          IS DISTINCT FROM
          (OLD.id, OLD.tenant_id, OLD.description, OLD.idempotency_key, OLD.reverses_id,
           OLD.source_type, OLD.source_id, OLD.effective_at, OLD.created_at) THEN
        RAISE EXCEPTION 'ledger transaction % can only go from pending to posted or archived',
            OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
""",
        "CREATE TRIGGER ledger_transactions_once BEFORE UPDATE ON ledger_transactions "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_ledger_transaction_once()",
        "CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions "
        "FOR EACH ROW EXECUTE FUNCTION gigkit_refuse_change()",
    ]


def drop_ledger_guards() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS ledger_transactions_no_delete ON ledger_transactions",
        "DROP TRIGGER IF EXISTS ledger_transactions_once ON ledger_transactions",
        "DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries",
        "DROP FUNCTION IF EXISTS gigkit_ledger_transaction_once()",
        "DROP FUNCTION IF EXISTS gigkit_ledger_balanced()",
    ]


def grants(metadata: MetaData, role: str, schema: str = "public") -> Iterable[str]:
    """Privileges for the application role, derived from the models (`__table_args__` info):
    DML on every table, no DELETE on money records (`no_delete`), only SELECT and INSERT on
    append-only ones, never TRUNCATE, never ownership."""
    quoted = '"' + role.replace('"', '""') + '"'
    yield f"GRANT USAGE ON SCHEMA {schema} TO {quoted}"
    for table in metadata.sorted_tables:
        if table.name == "tenants":
            yield f"GRANT SELECT, INSERT, UPDATE ON tenants TO {quoted}"
        elif table.info.get("append_only"):
            yield f"REVOKE UPDATE, DELETE, TRUNCATE ON {table.name} FROM {quoted}"
            yield f"GRANT SELECT, INSERT ON {table.name} TO {quoted}"
        elif table.info.get("no_delete"):  # money records: changed, never removed
            yield f"REVOKE DELETE, TRUNCATE ON {table.name} FROM {quoted}"
            yield f"GRANT SELECT, INSERT, UPDATE ON {table.name} TO {quoted}"
        else:
            yield f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table.name} TO {quoted}"


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
