"""Minimal endpoints: the writes of a settlement and an authenticated read, nothing else.

`POST /settle` is the harness of ../shared/tools/kernel-overhead (the issue's baseline): two
ledger entries, a payout, an event and a conditional balance UPDATE (the escrow debited last)
in one transaction. `GET /employers/<id>` hashes the bearer token, reads the key row, then
the employer row, in one transaction. `POST /settle_bulk` settles a batch in one
transaction (performance-anchors.md B6): the accounts locked in id order, one debit per
account (aggregated), set-based inserts. One engine per gunicorn worker, no ORM."""

import hashlib
import os

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ["MIN_DSN"], pool_size=1, max_overflow=0)
LEDGER = text(
    "INSERT INTO ledger_entries (tenant_id, account_id, counterparty, amount, direction) "
    "VALUES (1, :a, :w, :amt, 'D'), (1, :w, :a, :amt, 'C')"
)
PAYOUT = text(
    "INSERT INTO payouts (tenant_id, account_id, worker_id, amount) "
    "VALUES (1, :a, :w, :amt) RETURNING id"
)
EVENT = text(
    "INSERT INTO events (tenant_id, type, payload) VALUES (1, 'settlement.completed', "
    "jsonb_build_object('payout_id', CAST(:p AS bigint), 'worker_id', CAST(:w AS bigint), "
    "'amount', CAST(:amt AS bigint)))"
)
DEBIT = text(
    "UPDATE accounts SET balance = balance - :amt, updated_at = now() "
    "WHERE id = :a AND balance >= :amt RETURNING balance"
)
LOCK = text("SELECT id FROM accounts WHERE id = ANY(CAST(:ids AS bigint[])) ORDER BY id FOR UPDATE")
DEBITS = text(
    "UPDATE accounts a SET balance = a.balance - v.amt, updated_at = now() "
    "FROM (SELECT unnest(CAST(:ids AS bigint[])) id, unnest(CAST(:amts AS bigint[])) amt) v "
    "WHERE a.id = v.id AND a.balance >= v.amt RETURNING a.id"
)
PAYOUTS = text(
    "INSERT INTO payouts (tenant_id, account_id, worker_id, amount) SELECT 1, a, w, amt "
    "FROM unnest(CAST(:a AS bigint[]), CAST(:w AS bigint[]), CAST(:amt AS bigint[])) "
    "AS t(a, w, amt) RETURNING id, worker_id, amount"
)
KEY = text("SELECT tenant_id, scopes FROM api_keys WHERE secret_hash = :h")
EMPLOYER = text(
    "SELECT id, name, credit_code, created_at FROM employers WHERE id = :id AND tenant_id = :t"
)


@app.get("/ping")
def ping():  # type: ignore[no-untyped-def]
    return jsonify(ok=True)


@app.post("/settle")
def settle():  # type: ignore[no-untyped-def]
    body = request.get_json()
    p = {"a": int(body["account_id"]), "w": int(body["worker_id"]), "amt": int(body["amount"])}
    with engine.begin() as conn:
        conn.execute(LEDGER, p)
        payout_id = conn.execute(PAYOUT, p).scalar_one()
        conn.execute(EVENT, {**p, "p": payout_id})
        balance = conn.execute(DEBIT, p).scalar_one_or_none()
        if balance is None:
            conn.rollback()
            return jsonify(error="insufficient_funds"), 409
    return jsonify(payout_id=payout_id, balance=balance), 201


@app.post("/settle_bulk")
def settle_bulk():  # type: ignore[no-untyped-def]
    items = [
        {"a": int(i["account_id"]), "w": int(i["worker_id"]), "amt": int(i["amount"])}
        for i in request.get_json()["items"]
    ]
    debits: dict[int, int] = {}
    for item in items:
        debits[item["a"]] = debits.get(item["a"], 0) + item["amt"]
    ids = sorted(debits)
    with engine.begin() as conn:
        conn.execute(LOCK, {"ids": ids})
        debited = conn.execute(DEBITS, {"ids": ids, "amts": [debits[i] for i in ids]}).all()
        if len(debited) != len(ids):
            conn.rollback()
            return jsonify(error="insufficient_funds"), 409
        conn.execute(LEDGER, items)
        columns = {k: [i[k] for i in items] for k in ("a", "w", "amt")}
        payouts = conn.execute(PAYOUTS, columns).all()
        conn.execute(EVENT, [{"p": p.id, "w": p.worker_id, "amt": p.amount} for p in payouts])
    return jsonify(settled=len(payouts)), 201


@app.get("/employers/<int:employer_id>")
def employer(employer_id: int):  # type: ignore[no-untyped-def]
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    digest = hashlib.sha256(token.encode()).hexdigest()
    with engine.begin() as conn:
        key = conn.execute(KEY, {"h": digest}).one_or_none()
        if key is None or "employers:read" not in key.scopes.split():
            return jsonify(error="unauthorized"), 401
        row = conn.execute(EMPLOYER, {"id": employer_id, "t": key.tenant_id}).one_or_none()
    if row is None:
        return jsonify(error="not_found"), 404
    return jsonify(
        id=row.id, name=row.name, credit_code=row.credit_code, created_at=row.created_at.isoformat()
    )
