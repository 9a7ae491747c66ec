"""The ledger, read-only, for transparency. Scope: `escrow:read`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import PageQuerySchema, page_schema
from app.ledger import service
from app.ledger.schemas import (
    LedgerAccountQuerySchema,
    LedgerAccountSchema,
    LedgerEntrySchema,
    LedgerTransactionSchema,
)

blp = Blueprint("ledger", __name__, url_prefix="/v1/ledger", description="The ledger.")
READ = ["escrow:read"]


@blp.route("/accounts")
class Accounts(MethodView):
    @blp.operation("list_ledger_accounts", scopes=READ)
    @blp.arguments(LedgerAccountQuerySchema, location="query")
    @blp.response(200, page_schema(LedgerAccountSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List ledger accounts

        Filter by `kind` (employer_escrow, employer_held, worker_payable, provider_cash),
        `owner_id` (an employer or worker id, or `platform`) and `currency`.
        """
        return service.list_accounts(ctx.session, **query)


@blp.route("/accounts/<id(lac):account_id>")
class AccountById(MethodView):
    @blp.operation("get_ledger_account", scopes=READ, errors=[NotFound])
    @blp.response(200, LedgerAccountSchema)
    def get(self, account_id: str, ctx: RequestContext) -> Any:
        """Get a ledger account

        With its balances: posted, pending, and available (posted less money on its way out).
        """
        return service.get_account(ctx.session, account_id)


@blp.route("/accounts/<id(lac):account_id>/entries")
class AccountEntries(MethodView):
    @blp.operation("list_ledger_entries", scopes=READ, errors=[NotFound])
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_schema(LedgerEntrySchema))
    def get(self, query: dict[str, Any], account_id: str, ctx: RequestContext) -> Any:
        """List an account's entries

        Newest first; each entry shows its transaction's status.
        """
        return service.list_entries(ctx.session, account_id, **query)


@blp.route("/transactions/<id(ltx):transaction_id>")
class TransactionById(MethodView):
    @blp.operation("get_ledger_transaction", scopes=READ, errors=[NotFound])
    @blp.response(200, LedgerTransactionSchema)
    def get(self, transaction_id: str, ctx: RequestContext) -> Any:
        """Get a ledger transaction

        With all its entries (debits equal credits).
        """
        return service.describe_transaction(ctx.session, transaction_id)
