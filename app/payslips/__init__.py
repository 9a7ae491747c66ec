"""Payslips: the worker's proof of every yuan of a settled shift.

Entities: `Payslip`, written once by the day of work's settlement (`app.work`), in the same
transaction as the money it describes: the gross with its basis and rounding, each
deduction with the rule and version that produced it (IIT withheld on labour
remuneration), the items the employer paid on top (a platform fee), the net, and the
payout that sends it. A correction is a new `Payslip` of the same shift naming the one it
replaces (`corrects_id`; made by `app.work.corrections`). `PayslipDocument`: a payslip's PDF
per language, rendered once. `StatementMonth`: a closed month whose statements were
announced.

States: a payslip is `in_force`, or `corrected` once a correction names it (derived, the
row never changes).

Invariants:
- One original payslip per shift (a partial unique index), each corrected at most once (a
  unique key): the corrections of a shift form a chain. Immutable (append-only on
  PostgreSQL: a trigger refuses UPDATE and DELETE, the application role may only INSERT).
- `net = gross - withheld`; the employer's items are never deducted from the worker.
- Month-to-date figures (withholding, statements, reports) count the payslips in force.
- A PDF is rendered once per payslip and language and then served as stored.

Modules: `service` (the public face), `records` (writing, month to date, reading
primitives), `reading` (the API's view, totals as of a payslip), `statements` (worker and
employer months, `statement.ready`), `documents` with `pdf` and `labels` (the payslip PDF),
`statement_pdf`, `exports` (the streamed CSV, the withholding report), `jobs`, `schemas`,
`routes` (with `document_routes`, and `export_routes` with its schemas), `models`.
"""
