"""Errors of the test clocks block."""

from __future__ import annotations

from app.core.errors import Conflict, Forbidden


class TestClockLiveMode(Forbidden):
    """Test clocks are for test-mode tenants; this credential belongs to a live one."""

    __test__ = False
    code = "test_clock_live_mode"
    detail = "Test clocks exist only in test mode: use a test-mode tenant's key (gk_test_...)."
    remedy = "use a test-mode tenant's credential"


class TestClockExists(Conflict):
    """The tenant already has a test clock (one at a time); see `existing_id`."""

    __test__ = False
    code = "test_clock_exists"
    detail = "This tenant already has a test clock; advance it, or delete it first."
    remedy = "use `existing_id`, or delete it"


class TestClockAdvancing(Conflict):
    """The test clock is still running what fell due in its last advance."""

    __test__ = False
    code = "test_clock_advancing"
    detail = "The test clock is still advancing; wait until its status is `ready`."
    remedy = "poll `GET /v1/test-clocks/{id}` until `ready`"
