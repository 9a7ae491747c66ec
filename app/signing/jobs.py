"""The signing block's background entry points: its periodic tasks (`core/schedule.py`).

- `contracts.expire` (every minute): expire contracts whose signing deadline (`sign_by`)
  has passed (opening a late contract's signing link also expires it).
- `signing_links.expired` (every minute): announce signing links that expired unused
  (`contract.signing_link.expired`).
- `contracts.renderings` (every minute): restart contract PDFs whose rendering job was lost.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.signing import links, renderings, service


@schedule.periodic("contracts.expire", every=60)
def expire_contracts(session: Session) -> int:
    return service.expire_overdue(session)


@schedule.periodic("signing_links.expired", every=60)
def announce_expired_links(session: Session) -> int:
    return links.announce_expired(session)


@schedule.periodic("contracts.renderings", every=60)
def resume_renderings(session: Session) -> int:
    return renderings.resume(session)
