"""The payslips block's public face: what other blocks call
(`from app.payslips import service as payslips`).

- `records`: writing payslips (the day of work's settlement, `write_many`), the month to
  date a withholding needs, and the primitives of reading (`in_force`, `get`, `view`);
- `reading`: a payslip as the API shows it (worker, employer, live payout, totals as of it);
- `statements`: a worker's and an employer's month.
"""

from __future__ import annotations

from app.payslips.models import Payslip as Payslip
from app.payslips.reading import get_payslip as get_payslip
from app.payslips.reading import list_payslips as list_payslips
from app.payslips.records import MonthKey as MonthKey
from app.payslips.records import MonthToDate as MonthToDate
from app.payslips.records import corrected_by as corrected_by
from app.payslips.records import get as get
from app.payslips.records import month_to_date as month_to_date
from app.payslips.records import of_shifts as of_shifts
from app.payslips.records import of_worker as of_worker
from app.payslips.records import platform_fee as platform_fee
from app.payslips.records import view as view
from app.payslips.records import write_many as write_many
from app.payslips.schemas import PayslipSchema as PayslipSchema
from app.payslips.statements import employer_statement as employer_statement
from app.payslips.statements import worker_statement as worker_statement
