"""The day of work's fixtures (a funded employer, a worker, the clock frozen in March 2027)."""

from tests.work.conftest import day  # noqa: F401 (a fixture)
