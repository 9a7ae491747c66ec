"""Responses that are read while they are sent: a CSV of 100,000 payslips in bounded memory.

A request's unit of work commits and closes its session when the view returns, before the
server has sent a byte of the body, so a generator that read through the request's session
would read on a closed session — or, on a fresh connection, without the tenant bound. Here
the body's generator opens its own transaction when the server first asks it for a chunk:
`Database.read_only`, bound to the request's tenant (the ORM filter and, on PostgreSQL,
RLS apply as in every unit of work), read-only, kept for the generator's lifetime and
rolled back when it ends, is exhausted or is closed by the server (a client that hangs
up). Rows come from a server-side cursor in chunks (`chunks`).

The request validates, authenticates and checks scopes before it returns the response, so
every refusal is still a problem+json. A failure once the body has started cannot change
the status: the generator raises, the server aborts the response, and the client sees a
truncated transfer, never a complete-looking file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Executable
from sqlalchemy.orm import Session

from app.core.tenancy import tenant_of

T = TypeVar("T")
CHUNK_ROWS = 1000


def later(session: Session, produce: Callable[[Session], Iterator[T]]) -> Iterator[T]:
    """`produce(reader)`'s items, run only when iterated, on a read-only session of its own
    bound to `session`'s tenant (see the module docstring)."""
    database = session.info["database"]
    tenant_id = tenant_of(session)

    def run() -> Iterator[T]:
        with database.read_only(tenant_id=tenant_id) as reader:
            yield from produce(reader)

    return run()


def chunks(
    reader: Session, statement: Executable, size: int = CHUNK_ROWS
) -> Iterator[Sequence[Any]]:
    """The rows of `statement` in lists of at most `size`, fetched as they are needed (a
    server-side cursor on PostgreSQL)."""
    result = reader.execute(statement.execution_options(yield_per=size))
    yield from result.partitions()
