"""Payslips: the worker's proof of every yuan of a settled shift.

Entities: `Payslip`, written once by the day of work's settlement (`app.work`), in the same
transaction as the money it describes: the gross with its basis and rounding, each
deduction with the rule and version that produced it (IIT withheld on labour
remuneration), the items the employer paid on top (a platform fee), the net, and the
payout that sends it.

Invariants:
- One payslip per shift (unique), whatever the retries; immutable (append-only on
  PostgreSQL: a trigger refuses UPDATE and DELETE, the application role may only INSERT).
- `net = gross - withheld`; the employer's items are never deducted from the worker.

Modules: `service` (write, read, month-to-date figures), `models`, `exports` (the streamed
CSV of a date range, the monthly withholding report of the payslips in force) with its
`export_schemas` and `export_routes`. Routes, documents and statements come with the
payslips issue.
"""
