"""PostgreSQL row-level security and privileges, as SQL for migrations to execute.

Policies fail closed: with no tenant set, `current_setting('app.tenant_id', true)` is NULL
(or '' after an earlier transaction on the same connection), `nullif(..., '')` makes both
NULL, and `tenant_id = NULL` matches nothing (R-RLS-3). `FORCE` makes the policies bind the
table owner too; the application role must be neither owner, superuser nor BYPASSRLS.

Only what any block's tables use lives here: tenant isolation (`enable`, `disable`, the
`tenants` table's own policies), append-only tables (`append_only`, whose
`gigkit_refuse_change()` other triggers reuse) and the application role's `grants`. A
block's own rules in the database live beside it: `app.ledger.guards`,
`app.signing.guards`.
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
