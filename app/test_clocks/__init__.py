"""Test clocks: simulated time for a test-mode tenant (Stripe's test clocks are the anchor).

Entity: `TestClock` (`clk_...`), at most one per tenant, only for test-mode tenants. While it
exists its `frozen_time` is the tenant's "now" in every unit of work bound to the tenant:
requests, jobs and the scheduler's sweeps (`core/time.py` reads the row). It moves only
forward, when advanced.

States: `ready` -> (advance) `advancing` -> `ready`, or `internal_failure` if a sweep failed
(advancing again re-runs them; every sweep is a catch-up, so that is harmless). Deleting the
clock returns the tenant to the real clock.

Invariants: a live tenant never has one (403 `test_clock_live_mode`); the clock never goes
backwards, nor more than two years per advance (422 naming `frozen_time`); advancing runs
every periodic task of the tenant once the new time is committed (`core.schedule.run_due`).
"""
