-- The minimal endpoints' tables: the same kinds of rows as a gigkit money write and read.
CREATE TABLE accounts (id bigint PRIMARY KEY, tenant_id int NOT NULL, balance bigint NOT NULL,
                       updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE ledger_entries (id bigserial PRIMARY KEY, tenant_id int NOT NULL,
                       account_id bigint NOT NULL, counterparty bigint NOT NULL,
                       amount bigint NOT NULL, direction char(1) NOT NULL,
                       created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON ledger_entries (account_id);
CREATE TABLE payouts (id bigserial PRIMARY KEY, tenant_id int NOT NULL, account_id bigint NOT NULL,
                       worker_id bigint NOT NULL, amount bigint NOT NULL,
                       status text NOT NULL DEFAULT 'pending',
                       created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON payouts (worker_id);
CREATE TABLE events (id bigserial PRIMARY KEY, tenant_id int NOT NULL, type text NOT NULL,
                       payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE api_keys (secret_hash text PRIMARY KEY, tenant_id int NOT NULL, scopes text NOT NULL);
CREATE TABLE employers (id bigint PRIMARY KEY, tenant_id int NOT NULL, name text NOT NULL,
                       credit_code text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO accounts (id, tenant_id, balance)
    SELECT g, 1, 1000000000000000 FROM generate_series(1, 1000) g;
INSERT INTO employers (id, tenant_id, name, credit_code)
    SELECT g, 1, 'Factory ' || g, '91440101000000000' || g FROM generate_series(1, 1000) g;
INSERT INTO api_keys VALUES (encode(sha256('minimal-key'), 'hex'), 1, 'employers:read');
