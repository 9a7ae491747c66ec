"""Contract PDFs are made by a job, never in a request or under the contract's lock: the
document endpoint answers 202 until the PDF is ready; previews are cached per state; the
sealed PDF is stored once; each tenant has a bounded number of renderings at a time and
waiting; contracts are capped to what a contract needs."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pdfminer.high_level import extract_text
from sqlalchemy import func, select, text

from app.core.jobs import UnitsOfWork
from app.core.time import now
from app.signing import documents, pdf, renderings
from app.signing.models import Contract, ContractRendering
from tests.helpers import (
    ApiClient,
    TenantHandle,
    assert_problem,
    database,
    new_tenant,
    post_created,
)
from tests.signing.conftest import GIG_VARIABLES, builtin, contract, parties, sign


@dataclass
class HeldJobs:
    """The tenant's jobs, held back instead of run, so a test decides when they run."""

    runner: Any
    tenant_id: str
    held: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)

    def names(self) -> list[str]:
        return [path.rsplit(":", 1)[1] for path, _, _ in self.held]

    def run_renders(self) -> int:
        """Run the held rendering jobs (one is enough: it drains the tenant's queue)."""
        wanted = [h for h in self.held if h[0].endswith(":render_job")]
        self.held = [h for h in self.held if not h[0].endswith(":render_job")]
        return sum(self.runner.run(path, tenant, kwargs) for path, tenant, kwargs in wanted)


@pytest.fixture()
def held(tenant: TenantHandle, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldJobs]:
    runner = tenant.app.extensions["gigkit"].jobs
    holder = HeldJobs(runner, tenant.id)
    real = runner.dispatch

    def hold(fn: Any, tenant_id: Any, kwargs: dict[str, Any], **options: Any) -> None:
        if fn is renderings.render_job:
            holder.held.append((f"{fn.__module__}:{fn.__qualname__}", tenant_id, kwargs))
            holder.options.append(options)
        else:
            real(fn, tenant_id, kwargs, **options)

    monkeypatch.setattr(runner, "dispatch", hold)
    yield holder


def renders(tenant: TenantHandle, **where: Any) -> list[ContractRendering]:
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        stmt = select(ContractRendering).order_by(ContractRendering.requested_at)
        for name, value in where.items():
            stmt = stmt.where(getattr(ContractRendering, name) == value)
        return list(session.scalars(stmt))


def one_signer(api: ApiClient, party_id: str | None = None, *, send: bool = True) -> dict[str, Any]:
    """A contract with one signer, from the (party-free) rescission template."""
    template = builtin(api, "rescission_en")
    body = {
        "template_id": template["id"],
        "variables": {p["name"]: "probe" for p in template["placeholders"]},
        "signers": [{"party_id": party_id or parties(api, employers=0)[0], "role": "party"}],
    }
    made = post_created(api, "/v1/contracts", body)
    if send:
        made = api.post(f"/v1/contracts/{made['id']}/send", {}).json
    return made


def queued_drafts(api: ApiClient, n: int) -> list[dict[str, Any]]:
    """`n` one-signer contracts whose previews were asked for (and are waiting)."""
    drafts = [one_signer(api) for _ in range(n)]
    for made in drafts:
        assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    return drafts


def two_signer_contract(api: ApiClient) -> tuple[dict[str, Any], str, str]:
    employer, worker = parties(api)
    return contract(api, [(employer, "employer", 1), (worker, "worker", 2)]), employer, worker


def test_a_preview_is_made_once_per_state_and_served_from_the_cache(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    made, employer, _worker = two_signer_contract(api)
    first = api.get(f"/v1/contracts/{made['id']}/document")
    assert first.status_code == 202 and first.headers["Retry-After"] == "1"
    assert first.json == {
        "contract_id": made["id"],
        "kind": "preview",
        "status": "rendering",
        "retry_after": 1,
    }
    assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    assert len(renders(tenant)) == 1  # asked twice, queued once
    assert held.run_renders() == 1

    calls: list[str] = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *a, **kw: calls.append("x") or real_render(*a, **kw))
    for _ in range(3):
        resp = api.get(f"/v1/contracts/{made['id']}/document")
        assert resp.status_code == 200 and resp.data.startswith(b"%PDF-")
    assert calls == []  # from the cache
    assert held.run_renders() == 0

    assert sign(api, made, employer).status_code == 201  # a new state: a new preview
    assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    assert held.run_renders() == 1 and calls == ["x"]
    after = api.get(f"/v1/contracts/{made['id']}/document")
    assert after.status_code == 200 and after.data != resp.data
    assert [r.status for r in renders(tenant)] == ["ready"]  # only the newest is kept
    text_back = "".join(extract_text(io.BytesIO(after.data)).split())
    assert "预览件" in text_back  # marked as a preview


def test_completing_renders_nothing_in_the_request_and_the_job_stores_the_sealed_pdf(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    made, employer, worker = two_signer_contract(api)
    sign(api, made, employer)
    assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    assert held.run_renders() == 1  # a preview, which the sealed PDF will replace
    monkeypatch.setattr(pdf, "render", _refuse)  # the signing request must not render
    done = sign(api, made, worker).json
    assert done["status"] == "completed" and done["seal"] and done["pdf_sha256"] is None
    [sealed] = renders(tenant, kind="sealed")
    assert sealed.status == "queued"
    pending = api.get(f"/v1/contracts/{made['id']}/document")
    assert pending.status_code == 202 and pending.json["kind"] == "sealed"

    monkeypatch.undo()
    assert held.run_renders() == 1
    resp = api.get(f"/v1/contracts/{made['id']}/document")
    assert resp.status_code == 200
    contract_now = api.get(f"/v1/contracts/{made['id']}").json
    assert contract_now["pdf_sha256"] == renderings.evidence.sha256_hex(resp.data)
    ready = api.get("/v1/events?type=contract.document.ready").json["data"]
    assert [e["data"]["object"]["id"] for e in ready] == [made["id"]]
    assert ready[0]["data"]["object"]["pdf_sha256"] == contract_now["pdf_sha256"]
    check = api.post("/v1/contracts/verify", {"pdf": base64.b64encode(resp.data).decode()})
    assert check.json["valid"] is True and check.json["matched"] == "pdf"
    assert held.run_renders() == 0  # nothing left; the sealed PDF is made once
    assert [r.kind for r in renders(tenant)] == ["sealed"]  # the preview is gone


def _refuse(*_args: Any, **_kwargs: Any) -> bytes:
    raise AssertionError("a PDF was rendered inside the request")


def test_a_sealed_pdf_made_after_a_rescission_shows_the_contract_as_sealed(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs
) -> None:
    """The rescission grows the original's chain before its PDF is made: the PDF must still
    show the completion (status and the chain hash the seal covers), and verify."""
    made, employer, worker = two_signer_contract(api)
    sign(api, made, employer)
    done = sign(api, made, worker).json
    agreement = api.post(f"/v1/contracts/{done['id']}/rescind", {"reason": "双方同意"}).json
    sign(api, agreement, employer)
    sign(api, agreement, worker)
    assert api.get(f"/v1/contracts/{done['id']}").json["status"] == "rescinded"

    assert held.run_renders() == 2  # the original's and the agreement's sealed PDFs
    resp = api.get(f"/v1/contracts/{done['id']}/document")
    assert resp.status_code == 200
    text_back = "".join(extract_text(io.BytesIO(resp.data)).split())
    assert "已完成(completed)" in text_back and "预览件" not in text_back
    check = api.post("/v1/contracts/verify", {"pdf": base64.b64encode(resp.data).decode()})
    assert check.json["valid"] is True and check.json["status"] == "rescinded"


def test_a_rendering_that_keeps_failing_is_failed_and_answered_503(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    made, _employer, _worker = two_signer_contract(api)
    assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    monkeypatch.setattr(pdf, "render", _refuse)
    assert held.run_renders() == 0  # tries MAX_ATTEMPTS times within the job
    [failed] = renders(tenant)
    assert failed.status == "failed" and failed.attempts == renderings.MAX_ATTEMPTS
    assert "AssertionError" in (failed.error or "")
    resp = api.get(f"/v1/contracts/{made['id']}/document")
    assert_problem(resp, 503, "document_unavailable")


def test_waiting_renderings_are_capped_per_tenant(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(renderings, "MAX_QUEUED", 2)
    drafts = [one_signer(api) for _ in range(3)]
    for made in drafts[:2]:
        assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
    third = api.get(f"/v1/contracts/{drafts[2]['id']}/document")
    assert_problem(third, 429, "too_many_renderings")
    assert third.headers["Retry-After"] == "5"
    # another tenant is not affected by this one's queue
    other = new_tenant(tenant.app)
    other_api = ApiClient(tenant.app.test_client(), other.api_key)
    theirs = one_signer(other_api)
    assert other_api.get(f"/v1/contracts/{theirs['id']}/document").status_code == 202
    held.run_renders()
    assert api.get(f"/v1/contracts/{drafts[2]['id']}/document").status_code == 202


def test_at_most_the_tenants_limit_renders_at_once_and_a_dead_lease_is_taken_over(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs
) -> None:
    queued_drafts(api, 3)
    db = database(tenant.app)
    first = renderings._claim(UnitsOfWork(db, tenant.id), "job-a", limit=2)
    second = renderings._claim(UnitsOfWork(db, tenant.id), "job-b", limit=2)
    assert first and second and first.contract_id != second.contract_id
    assert (
        renderings._claim(UnitsOfWork(db, tenant.id), "job-c", limit=2) is None
    )  # two in progress
    other = new_tenant(tenant.app)  # the limit is per tenant
    other_api = ApiClient(tenant.app.test_client(), other.api_key)
    theirs = one_signer(other_api)
    other_api.get(f"/v1/contracts/{theirs['id']}/document")
    assert renderings._claim(UnitsOfWork(db, other.id), "job-d", limit=2) is not None

    with db.unit_of_work(tenant_id=tenant.id) as session:  # job-a died long ago
        session.execute(
            text("UPDATE contract_renderings SET lease_until = :t WHERE lease_token = 'job-a'"),
            {"t": now(session) - renderings.LEASE},
        )
    taken = renderings._claim(UnitsOfWork(db, tenant.id), "job-c", limit=2)
    assert taken is not None and taken.rendering_id == first.rendering_id
    renderings._store(
        UnitsOfWork(db, tenant.id), first, b"%PDF-late"
    )  # the dead job's answer is dropped
    [row] = renders(tenant, id=first.rendering_id)
    assert row.status == "rendering" and row.lease_token == "job-c"


@pytest.mark.parametrize("limit", [1, 2])
def test_concurrent_claims_never_exceed_the_limit_on_postgresql(pg_app: Any, limit: int) -> None:
    """Claims from many threads at once (as from many workers): the per-tenant lock makes
    the count of renderings in progress exact."""
    from concurrent.futures import ThreadPoolExecutor

    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    runner = pg_app.extensions["gigkit"].jobs
    original = runner.dispatch
    runner.dispatch = lambda *a, **kw: None  # type: ignore[method-assign]
    try:
        for _ in range(6):
            made = one_signer(api)
            assert api.get(f"/v1/contracts/{made['id']}/document").status_code == 202
        db = database(pg_app)
        with ThreadPoolExecutor(8) as pool:
            claims = list(
                pool.map(
                    lambda n: renderings._claim(UnitsOfWork(db, tenant.id), f"t{n}", limit),
                    range(8),
                )
            )
    finally:
        runner.dispatch = original  # type: ignore[method-assign]
    assert sum(c is not None for c in claims) == limit
    assert len(renders(tenant, status="rendering")) == limit


def test_contracts_are_capped_to_what_a_contract_needs(api: ApiClient) -> None:
    placeholders = [{"name": "clause", "type": "text"}]
    base = {"key": "big", "name": "Big", "locale": "en", "placeholders": placeholders}
    too_long = {**base, "body": "x" * (documents.MAX_BODY_CHARS + 1) + "{{clause}}"}
    assert_problem(api.post("/v1/contract-templates", too_long), 422, "validation_error")
    too_many_lines = {**base, "body": "a\n" * documents.MAX_LINES + "{{clause}}"}
    assert_problem(api.post("/v1/contract-templates", too_many_lines), 422, "validation_error")

    # within the template limits, but 100 long variables fill in more than a contract holds
    names = [f"c{n}" for n in range(100)]
    wide = {
        **base,
        "key": "wide",
        "body": "x" * 19_000 + "".join(f"{{{{{n}}}}}" for n in names),
        "placeholders": [{"name": n, "type": "text"} for n in names],
    }
    template = post_created(api, "/v1/contract-templates", wide)
    [worker] = parties(api, employers=0)
    body = {
        "template_id": template["id"],
        "variables": {n: "y" * 500 for n in names},
        "signers": [{"party_id": worker, "role": "worker"}],
    }
    problem = assert_problem(api.post("/v1/contracts", body), 422, "document_too_large")
    assert "30,000 characters" in problem["detail"]
    body["variables"] = {n: "y" for n in names}
    assert api.post("/v1/contracts", body).status_code == 201

    # what counts is the printed text: an emoji prints as nine characters ([U+1F600]) and
    # a carriage return breaks a line
    emoji = {**base, "key": "emoji", "body": "\U0001f600" * 3_000 + "{{clause}}"}
    assert_problem(api.post("/v1/contract-templates", emoji), 422, "validation_error")
    returns = {**base, "key": "cr", "body": "{{clause}}\r" + "x\r" * documents.MAX_LINES}
    assert_problem(api.post("/v1/contract-templates", returns), 422, "validation_error")
    small = post_created(
        api, "/v1/contract-templates", {**base, "key": "small", "body": "{{clause}}"}
    )
    stuffed = {
        "template_id": small["id"],
        "variables": {"clause": "\U0001f600" * 500},
        "signers": [{"party_id": worker, "role": "worker"}],
    }
    assert api.post("/v1/contracts", stuffed).status_code == 201  # 4,500 printed: fine


def test_the_builtin_template_is_far_below_the_limits(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    assert len(made["document"]) < documents.MAX_DOCUMENT_CHARS // 5
    assert GIG_VARIABLES["job"] in made["document"]
    assert builtin(api, "gig_work_zh")["body"].count("\n") < documents.MAX_LINES // 10


def test_the_sealed_pdf_is_stored_once_in_postgresql(pg_app: Any) -> None:
    """The database lets the job store a sealed contract's PDF once, with its hash, and
    refuses any change after that, or a PDF on a contract that is not sealed."""
    from tests.helpers import with_pdf

    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    draft = one_signer(api, employer, send=False)
    sign(api, made, employer)
    done = with_pdf(api, sign(api, made, worker).json)
    db = database(pg_app)
    for statement, target in (
        ("UPDATE contracts SET pdf_sha256 = repeat('0', 64) WHERE id = :c", done["id"]),
        ("UPDATE contracts SET pdf = NULL, pdf_sha256 = NULL WHERE id = :c", done["id"]),
        ("UPDATE contracts SET pdf = 'x', pdf_sha256 = repeat('0', 64) WHERE id = :c", draft["id"]),
    ):
        with (
            pytest.raises(Exception, match="stored once"),
            db.unit_of_work(tenant_id=tenant.id) as session,
        ):
            session.execute(text(statement), {"c": target})
    with db.unit_of_work(tenant_id=tenant.id) as session:
        stored = session.scalar(select(func.count()).where(Contract.pdf_sha256.is_not(None)))
    assert stored == 1


def test_renderings_the_contract_moved_past_are_dropped_however_many(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs
) -> None:
    stale = queued_drafts(api, 22)
    for made in stale:  # each moves on before its preview is made
        assert api.post(f"/v1/contracts/{made['id']}/void", {"reason": "x"}).status_code == 200
    fresh = one_signer(api)
    assert api.get(f"/v1/contracts/{fresh['id']}/document").status_code == 202
    assert held.run_renders() == 1  # the fresh one, past 22 stale ones
    assert [r.contract_id for r in renders(tenant)] == [fresh["id"]]


def test_a_pdf_slipped_in_before_the_job_does_not_verify_on_postgresql(pg_app: Any) -> None:
    """Between completion and the job, the application's role could write a PDF into the
    row: the database wants the PDF's true hash and a PDF seal with it, and `verify` checks
    that seal with the platform's key, which the database does not have."""
    import hashlib

    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    runner = pg_app.extensions["gigkit"].jobs
    original = runner.dispatch
    runner.dispatch = lambda *a, **kw: None  # type: ignore[method-assign]  # no job runs
    try:
        employer, worker = parties(api)
        made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
        sign(api, made, employer)
        assert sign(api, made, worker).json["pdf_sha256"] is None
    finally:
        runner.dispatch = original  # type: ignore[method-assign]
    forged = b"%PDF-1.4 forged"
    digest = hashlib.sha256(forged).hexdigest()
    db = database(pg_app)

    def write(**values: Any) -> None:
        columns = ", ".join(f"{k} = :{k}" for k in values)
        with db.unit_of_work(tenant_id=tenant.id) as session:
            session.execute(
                text(f"UPDATE contracts SET {columns} WHERE id = :c"), {**values, "c": made["id"]}
            )

    for values in (
        {"pdf": forged, "pdf_sha256": digest},  # no PDF seal
        {"pdf": forged, "pdf_sha256": "0" * 64, "pdf_seal": "x", "pdf_seal_key_id": "s1"},
    ):
        with pytest.raises(Exception, match="stored once"):
            write(**values)
    write(pdf=forged, pdf_sha256=digest, pdf_seal="forged", pdf_seal_key_id="s1")
    check = api.post("/v1/contracts/verify", {"pdf": base64.b64encode(forged).decode()}).json
    assert check["matched"] == "pdf" and check["seal_valid"] is False
    assert check["valid"] is False


def test_a_job_hands_over_after_its_time_so_other_tenants_get_their_turn(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering for one tenant stops after DRAIN_SECONDS and queues its successor at the
    back of the queue (behind other tenants' jobs, and behind payouts for a worker that
    serves both)."""
    queued_drafts(api, 3)
    held.held.clear()
    monkeypatch.setattr(renderings, "DRAIN_SECONDS", 0.0)
    assert held.runner.run("app.signing.renderings:render_job", tenant.id, {}) == 1
    assert held.names() == ["render_job"]  # its successor, queued after whatever waits
    assert held.run_renders() == 1 and held.run_renders() == 1
    assert held.run_renders() == 0 and held.names() == []


def test_the_periodic_sweep_queues_a_job_whatever_the_marker_says(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs
) -> None:
    """A coalescing marker can outlive its job (a worker killed while taking it): the sweep
    (`gigkit maintenance contracts`) does not trust it."""
    queued_drafts(api, 1)
    assert held.options[-1].get("coalesce", True) is True  # a request's kick coalesces
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        assert renderings.resume(session) == 1
    assert held.options[-1]["coalesce"] is False


def test_a_job_time_limit_is_not_taken_for_a_failed_rendering(
    api: ApiClient, tenant: TenantHandle, held: HeldJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rq.timeouts import JobTimeoutException

    queued_drafts(api, 2)

    def too_slow(*_a: Any, **_kw: Any) -> bytes:
        raise JobTimeoutException("job exceeded its time limit")

    monkeypatch.setattr(pdf, "render", too_slow)
    with pytest.raises(JobTimeoutException):
        held.run_renders()
    states = sorted((r.status, r.attempts) for r in renders(tenant))
    assert states == [("queued", 0), ("rendering", 1)]  # no more claimed; retaken later
