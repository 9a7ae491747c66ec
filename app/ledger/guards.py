"""The ledger's rules in PostgreSQL, as SQL for migrations to execute (migration 0002).

A transaction's entries balance per currency when it commits (a deferred constraint
trigger); a transaction's status changes once, from pending, and nothing else about it
changes; no transaction is deleted. Entries are append-only through
`app.core.rls.append_only`, whose `gigkit_refuse_change()` the no-delete trigger here
reuses, so the migration makes that first. On SQLite the migration skips them all and
only the service's own checks apply.
"""

from __future__ import annotations


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
