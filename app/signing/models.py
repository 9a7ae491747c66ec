"""Tables of the signing block: templates (immutable versions), contracts, their signers,
and the contract's audit trail (a hash chain; append-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import OnTestClock, stamped

CONTRACT_STATES = (
    "draft",
    "sent",
    "partially_signed",
    "completed",
    "declined",
    "voided",
    "expired",
    "rescinded",
)


class ContractTemplate(TenantScoped, Base):
    """One version of a template. Versions are never changed: a new body under the same
    `key` is the next version, and a contract pins the version it was made from."""

    __tablename__ = "contract_templates"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key", "version"),
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("version >= 1", name="version"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    placeholders: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    builtin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = stamped()


class Contract(TenantScoped, OnTestClock, Base):
    """`draft -> sent -> partially_signed -> completed`; `declined`, `voided` (before
    completion), `expired` (signing deadline passed), `rescinded` (after completion, when the
    rescission agreement `rescinded_by_id` is completed). `document` is rendered at creation
    and frozen at send with its SHA-256; the seal signs that hash and the audit chain's."""

    __tablename__ = "contracts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "template_id"], ["contract_templates.tenant_id", "contract_templates.id"]
        ),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "status", "sign_by"),
        Index(None, "tenant_id", "document_sha256"),
        Index(None, "tenant_id", "pdf_sha256"),
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in CONTRACT_STATES) + ")", name="status"
        ),
        {"info": {"no_delete": True}},  # and frozen once sent (PostgreSQL triggers)
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10))
    variables: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    document: Mapped[str] = mapped_column(Text)
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    sign_by: Mapped[dt.datetime | None] = mapped_column()
    sent_at: Mapped[dt.datetime | None] = mapped_column()
    completed_at: Mapped[dt.datetime | None] = mapped_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column()  # declined, voided, expired
    end_reason: Mapped[str | None] = mapped_column(String(500))
    rescinds_id: Mapped[str | None] = mapped_column(String(40))
    rescinded_by_id: Mapped[str | None] = mapped_column(String(40))
    rescinded_at: Mapped[dt.datetime | None] = mapped_column()
    chain_hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str | None] = mapped_column(String(200))
    seal_key_id: Mapped[str | None] = mapped_column(String(40))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    # the sealed PDF's own seal (over `seal` and `pdf_sha256`); None on PDFs made before 0007
    pdf_seal: Mapped[str | None] = mapped_column(String(200))
    pdf_seal_key_id: Mapped[str | None] = mapped_column(String(40))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)

    signers: Mapped[list[ContractSigner]] = relationship(
        order_by="(ContractSigner.order, ContractSigner.id)", lazy="selectin", viewonly=True
    )


class ContractSigner(TenantScoped, Base):
    """A party who signs, in `order` (equal orders sign in parallel). `name` is the party's
    name when the contract was made, as printed on it."""

    __tablename__ = "contract_signers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "contract_id"], ["contracts.tenant_id", "contracts.id"]),
        UniqueConstraint("tenant_id", "contract_id", "party_id"),
        Index(None, "tenant_id", "contract_id", "signing_order"),
        CheckConstraint("status IN ('pending', 'signed', 'declined')", name="status"),
        CheckConstraint("party_type IN ('worker', 'employer')", name="party_type"),
        {"info": {"no_delete": True}},  # and fixed (PostgreSQL triggers)
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(40))
    party_type: Mapped[str] = mapped_column(String(10))
    party_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    order: Mapped[int] = mapped_column("signing_order", Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    signed_at: Mapped[dt.datetime | None] = mapped_column()
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class ContractAuditEvent(TenantScoped, Base):
    """The contract's audit trail. Each row's `hash` covers its content and the previous
    row's hash, so editing or removing a row breaks every hash after it (and the seal)."""

    __tablename__ = "contract_audit_events"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "contract_id"], ["contracts.tenant_id", "contracts.id"]),
        UniqueConstraint("tenant_id", "contract_id", "seq"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = stamped()


class SigningLink(TenantScoped, Base):
    """A short-lived URL for one signer to read and sign on the hosted page. Only hashes are
    stored: of the URL's token (the lookup, before the tenant is known) and of the one-time
    code. `notified_at`: when `contract.signing_link.expired` went out for it (once);
    `revoked_at`: when a newer link for the same signer replaced it."""

    __tablename__ = "signing_links"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "contract_id"], ["contracts.tenant_id", "contracts.id"]),
        UniqueConstraint("token_hash"),
        Index(None, "tenant_id", "contract_id", "created_at", "id"),
        Index(None, "tenant_id", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(40))
    signer_id: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column()
    used_at: Mapped[dt.datetime | None] = mapped_column()
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    notified_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()


class ContractRendering(TenantScoped, Base):
    """A PDF of a contract, made by a job (see `renderings`): the sealed PDF of a completed
    contract (stored on the contract itself once ready) or a preview of one that is not.
    `render_key` hashes everything the PDF shows, so each state of a contract is rendered
    once. `queued -> rendering -> ready | failed`; a lease (`lease_until`) lets another job
    take over from one that died."""

    __tablename__ = "contract_renderings"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "contract_id"], ["contracts.tenant_id", "contracts.id"]),
        UniqueConstraint("tenant_id", "contract_id", "render_key"),
        Index(None, "tenant_id", "status", "requested_at"),
        CheckConstraint("kind IN ('preview', 'sealed')", name="kind"),
        CheckConstraint("status IN ('queued', 'rendering', 'ready', 'failed')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    render_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[dt.datetime | None] = mapped_column()
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))
    requested_at: Mapped[dt.datetime] = stamped()
    rendered_at: Mapped[dt.datetime | None] = mapped_column()
