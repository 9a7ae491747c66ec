"""The payslips' tests reuse the day of work's fixtures (a funded employer, a worker, the
frozen clock in Shanghai)."""

from tests.work.conftest import day as day

__all__ = ["day"]
