"""The work block's public face: engagements, shifts, clock-in, clock-out settlement."""

from __future__ import annotations

from app.work.batches import Outcome as Outcome
from app.work.batches import clock_out_many as clock_out_many
from app.work.clock_out_batches import accept_clock_out_batch as accept_clock_out_batch
from app.work.clock_out_batches import get_clock_out_batch as get_clock_out_batch
from app.work.clock_out_batches import list_clock_out_batch_items as list_clock_out_batch_items
from app.work.corrections import correct_payslip as correct_payslip
from app.work.earnings import earnings as earnings
from app.work.engagements import add_shifts as add_shifts
from app.work.engagements import cancel_engagement as cancel_engagement
from app.work.engagements import create_engagement as create_engagement
from app.work.engagements import get_engagement as get_engagement
from app.work.engagements import list_engagements as list_engagements
from app.work.engagements import lock_engagement as lock_engagement
from app.work.hooks import on_payslip_items as on_payslip_items
from app.work.hooks import on_shift_ended as on_shift_ended
from app.work.hooks import on_shifts_scheduled as on_shifts_scheduled
from app.work.settlement import ClockOut as ClockOut
from app.work.settlement import clock_out as clock_out
from app.work.settlement import settle as settle
from app.work.shifts import cancel_shift as cancel_shift
from app.work.shifts import clock_in as clock_in
from app.work.shifts import get_shift as get_shift
from app.work.shifts import list_shifts as list_shifts
from app.work.shifts import mark_no_show as mark_no_show
from app.work.shifts import on_clock_in as on_clock_in
from app.work.shifts import scheduled_amounts as scheduled_amounts
