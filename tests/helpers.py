"""Small helpers shared by the tests: tenants with credentials, valid identity numbers."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage
from sqlalchemy import event, select

from app.core.auth import Actor
from app.models import Base
from app.parties.identity import credit_code_check_char, id_card_check_digit
from app.tenants import api_keys, oauth_clients, scopes
from app.tenants import service as tenants

CLI = Actor("cli", None)
PROBLEM = "application/problem+json"
_rng = random.Random()


@dataclass(frozen=True)
class TenantHandle:
    id: str
    api_key: str
    app: Any

    def key(self, scope_list: list[str], **kwargs: Any) -> str:
        """A new API key of this tenant with exactly these scopes."""
        with self.app.extensions["gigkit"].database.unit_of_work(tenant_id=self.id) as session:
            return api_keys.create(
                session, actor=CLI, name="test key", scopes=scope_list, **kwargs
            ).secret

    def oauth_client(self, scope_list: list[str] | None = None) -> tuple[str, str]:
        with self.app.extensions["gigkit"].database.unit_of_work(tenant_id=self.id) as session:
            issued = oauth_clients.create(
                session, actor=CLI, name="test client", scopes=scope_list or list(scopes.ALL_SCOPES)
            )
            return issued.client.id, issued.secret


def new_tenant(app: Any, *, name: str = "Test market", mode: str = "test") -> TenantHandle:
    with app.extensions["gigkit"].database.unit_of_work() as session:
        tenant = tenants.create_tenant(session, name=name, mode=mode)
        issued = api_keys.create(session, actor=CLI, name="admin", scopes=list(scopes.ALL_SCOPES))
        return TenantHandle(tenant.id, issued.secret, app)


class ApiClient:
    """Flask test client with a bearer credential and JSON by default."""

    def __init__(self, client: Any, token: str | None) -> None:
        self.client = client
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        headers = self._headers(kwargs.pop("headers", None))
        return self.client.delete(path, headers=headers, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        headers = self._headers(kwargs.pop("headers", None))
        return self.client.post(path, json=json, headers=headers, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        headers = self._headers(kwargs.pop("headers", None))
        return self.client.patch(path, json=json, headers=headers, **kwargs)


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def id_card_number(rng: random.Random | None = None) -> str:
    """A valid, random resident ID-card number (GB 11643)."""
    r = rng or _rng
    region = r.choice(["110105", "440106", "310101", "350102", "510104"])
    born = f"{r.randint(1960, 2004)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
    first17 = f"{region}{born}{r.randint(0, 999):03d}"
    return first17 + id_card_check_digit(first17)


def credit_code(rng: random.Random | None = None) -> str:
    """A valid, random unified social credit code (GB 32100)."""
    r = rng or _rng
    org = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    first17 = f"91{r.choice(['440106', '350100', '110105'])}{org}"
    return first17 + credit_code_check_char(first17)


def mobile(rng: random.Random | None = None) -> str:
    r = rng or _rng
    return f"1{r.choice('3456789')}{r.randint(0, 999999999):09d}"


def worker_body(**overrides: Any) -> dict[str, Any]:
    body = {"name": "陈伟", "mobile": mobile(), "id_card_number": id_card_number()}
    body.update(overrides)
    return body


def employer_body(**overrides: Any) -> dict[str, Any]:
    body = {"name": "狮岭皮具厂", "credit_code": credit_code()}
    body.update(overrides)
    return body


A5 = (419.5, 595.3)  # points


def squashed(pdf: bytes) -> str:
    """A PDF's text read back (pdfminer), without any white space."""
    return re.sub(r"\s+", "", extract_text(io.BytesIO(pdf)))


def one_a5_page_and_its_hash(resp: Any) -> str:
    """A document's answer is one A5 page; its `Gigkit-Content-SHA256` header (64 hex
    digits), which the caller finds on the page and recomputes."""
    pages = list(PDFPage.get_pages(io.BytesIO(resp.data)))
    assert len(pages) == 1
    width, height = pages[0].mediabox[2] - pages[0].mediabox[0], pages[0].mediabox[3]
    assert (round(width, 1), round(height, 1)) == A5
    sha = str(resp.headers["Gigkit-Content-SHA256"])
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    return sha


def assert_problem(resp: Any, status: int, code: str) -> dict[str, Any]:
    """An RFC 9457 answer with this status and stable code, naming the request."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.content_type == PROBLEM
    body = resp.json
    assert body["status"] == status
    assert body["code"] == code, body
    assert body["type"].endswith("/" + code)
    assert body["title"] and body["detail"]
    assert body["request_id"] == resp.headers["Request-Id"]
    return dict(body)


def assert_html_page(resp: Any, status: int, headers: dict[str, str]) -> str:
    """A page of the page pipeline (`core.pages`): HTML with this status, its family's
    security headers, never a stack trace. Answers the HTML."""
    assert resp.status_code == status and resp.mimetype == "text/html", resp.status_code
    for name, value in headers.items():
        assert resp.headers[name] == value, name
    html = str(resp.get_data(as_text=True))
    assert "Traceback" not in html and "<html" in html
    return html


def database(app: Any) -> Any:
    return app.extensions["gigkit"].database


def fragments(secret: str, size: int = 8) -> set[str]:
    """Every `size`-character piece of a secret's random part (after `gk_xxx_`)."""
    body = secret.split("_", 2)[2]
    return {body[i : i + size] for i in range(len(body) - size + 1)}


def columns_containing(app: Any, tenant_id: str, secret: str) -> list[str]:
    """`table.column` of every value in the tenant's rows (all tables) holding 8+ characters
    of the secret's random part."""
    needles = fragments(secret)
    hits = []
    with database(app).unit_of_work(tenant_id=tenant_id) as session:
        for table in Base.metadata.sorted_tables:
            column = table.c.tenant_id if "tenant_id" in table.c else table.c.id
            for row in session.execute(select(table).where(column == tenant_id)).mappings():
                for name, value in row.items():
                    if any(n in str(value) for n in needles):
                        hits.append(f"{table.name}.{name}")
    return hits


def key_id_of(api: ApiClient, secret: str) -> str:
    """The id of the API key whose secret this is (from its prefix and last four)."""
    matches = [
        k["id"]
        for k in api.get("/v1/api-keys?limit=100").json["data"]
        if k["prefix"] == secret[:12] and k["last4"] == secret[-4:]
    ]
    assert len(matches) == 1
    return matches[0]


def post_created(a: ApiClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = a.post(path, body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return dict(resp.json)


def money_trail(a: ApiClient, made: dict[str, Any] | None = None) -> dict[str, Any]:
    """One of everything money touches, for the tenant of `a` (once per `made` cache):
    employer, worker, deposit, hold, partial release, payout, refund; a signed contract; a
    settled shift with its payslip and the payslip's PDF; an insurance product, a policy
    for tomorrow and one for today with a claim; and a webhook endpoint (at a closed port)
    with deliveries of all that, one attempted.
    Returns ids."""
    made = {} if made is None else made
    if "money" not in made:
        endpoint = post_created(
            a, "/v1/webhook-endpoints", {"url": "http://127.0.0.1:9/hook", "event_types": ["*"]}
        )
        employer = post_created(a, "/v1/employers", employer_body())
        worker = post_created(
            a,
            "/v1/workers",
            worker_body(
                payout_account={
                    "kind": "wallet",
                    "provider": "wechat",
                    "account_reference": "wx_probe",
                }
            ),
        )
        deposit = post_created(
            a,
            "/v1/escrow/deposits",
            {"employer_id": employer["id"], "amount": 100_000, "currency": "CNY"},
        )
        hold = post_created(
            a,
            "/v1/escrow/holds",
            {"employer_id": employer["id"], "amount": 10_000, "currency": "CNY"},
        )
        post_created(
            a,
            f"/v1/escrow/holds/{hold['id']}/release",
            {"worker_id": worker["id"], "amount": 5_000, "keep_remainder_held": True},
        )
        payout = post_created(
            a, "/v1/payouts", {"worker_id": worker["id"], "amount": 5_000, "currency": "CNY"}
        )
        refund = post_created(
            a,
            "/v1/escrow/refunds",
            {"employer_id": employer["id"], "amount": 1_000, "currency": "CNY"},
        )
        account = a.get("/v1/ledger/accounts").json["data"][0]["id"]
        contract = signed_contract(a, employer["id"])
        day = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the tenant's today
        engagement = post_created(
            a,
            "/v1/engagements",
            {
                "worker_id": worker["id"],
                "employer_id": employer["id"],
                "pay": {"basis": "daily", "rate": "200.00"},
                "first_day": (day - dt.timedelta(days=1)).isoformat(),
                "last_day": (day + dt.timedelta(days=1)).isoformat(),
                "shifts": [{"day": day.isoformat()}],
            },
        )
        shift = a.get(f"/v1/shifts?engagement_id={engagement['id']}").json["data"][0]
        a.post(f"/v1/shifts/{shift['id']}/clock-in", {})
        settled = a.post(
            f"/v1/shifts/{shift['id']}/clock-out",
            {},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert settled.status_code == 200, settled.json  # a payslip too
        printed = a.get(f"/v1/payslips/{settled.json['payslip_id']}/document")
        assert printed.status_code == 200, printed.get_data(as_text=True)  # and its PDF
        product = post_created(
            a,
            "/v1/insurance/products",
            {
                "insurer": "sandbox",
                "name": "probe cover",
                "daily_premium": 300,
                "coverages": [{"type": "medical_expenses", "sum_insured": 5_000_000}],
                "min_age": 16,
                "max_age": 70,
            },
        )
        policy = post_created(  # tomorrow: the settled shift is today's
            a,
            "/v1/insurance/policies",
            {
                "worker_id": worker["id"],
                "employer_id": employer["id"],
                "product_id": product["id"],
                "days": [(day + dt.timedelta(days=1)).isoformat()],
            },
        )
        covered = post_created(  # today, from now: a window for a claim
            a,
            "/v1/insurance/policies",
            {
                "worker_id": worker["id"],
                "employer_id": employer["id"],
                "product_id": product["id"],
                "days": [day.isoformat()],
            },
        )
        claim = post_created(
            a,
            "/v1/insurance/claims",
            {
                "policy_id": covered["id"],
                "coverage": "medical_expenses",
                "amount": 10_000,
                "incident_at": dt.datetime.now(dt.UTC).isoformat(),
                "incident_place": "probe",
                "description": "probe",
                "attachments": [],
            },
        )
        made["money"] = {
            "emp": employer["id"],
            "wkr": worker["id"],
            "dep": deposit["id"],
            "hld": hold["id"],
            "po": payout["id"],
            "rfd": refund["id"],
            "lac": account,
            "ltx": deposit["ledger_transaction_id"],
            "we": endpoint["id"],
            "tpl": contract["template_id"],
            "ctr": contract["id"],
            "eng": engagement["id"],
            "shf": shift["id"],
            "pys": settled.json["payslip_id"],
            "prd": product["id"],
            "pol": policy["id"],
            "clm": claim["id"],
        }
        wait_until(
            lambda: any(
                d["attempts"]
                for d in a.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries?limit=100").json[
                    "data"
                ]
            ),
            "a webhook delivery was attempted",
        )
    return dict(made["money"])


def signed_contract(a: ApiClient, party_id: str) -> dict[str, Any]:
    """A contract from a built-in template, signed by one party: completed and sealed (and
    a signing link for it that was never used)."""
    template = a.get("/v1/contract-templates?key=rescission_en").json["data"][0]
    body = {
        "template_id": template["id"],
        "variables": {p["name"]: "probe" for p in template["placeholders"]},
        "signers": [{"party_id": party_id, "role": "party"}],
    }
    contract = post_created(a, "/v1/contracts", body)
    a.post(f"/v1/contracts/{contract['id']}/send", {})
    link = {"signer_id": contract["signers"][0]["id"]}
    post_created(a, f"/v1/contracts/{contract['id']}/signing-links", link)  # left unused
    consent = {"method": "in_person", "verification": "passed"}
    resp = a.post(
        f"/v1/contracts/{contract['id']}/signatures",
        {"signer_id": contract["signers"][0]["id"], "consent": consent},
    )
    assert resp.json["status"] == "completed", resp.json
    return with_pdf(a, resp.json)


def document(a: ApiClient, contract_id: str, timeout: float = 30) -> Any:
    """GET a contract's PDF, asking again while it is being made (202 with Retry-After)."""
    deadline = time.monotonic() + timeout
    while True:
        resp = a.get(f"/v1/contracts/{contract_id}/document")
        if resp.status_code != 202:
            return resp
        assert resp.json["status"] == "rendering" and int(resp.headers["Retry-After"]) >= 1
        if time.monotonic() > deadline:
            raise AssertionError(f"the PDF of {contract_id} was not made in {timeout} s")
        time.sleep(0.05)


def with_pdf(a: ApiClient, contract: dict[str, Any]) -> dict[str, Any]:
    """A completed contract once its sealed PDF is made (`pdf_sha256` set)."""
    assert document(a, contract["id"]).status_code == 200
    return dict(a.get(f"/v1/contracts/{contract['id']}").json)


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 15) -> None:
    """Poll `condition` (work happening on another thread or process) until it holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


@contextlib.contextmanager
def sent_sql(app: Any, containing: str = "") -> Iterator[list[str]]:
    """Every SQL statement this thread sends through the app's engine while the block runs
    (that contains `containing`, if given); an `executemany` counts once: it is one round
    trip. Other threads (inline jobs of earlier tests, still delivering) are not counted."""
    engine = database(app).engine
    statements: list[str] = []
    thread = threading.get_ident()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if containing in statement and threading.get_ident() == thread:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements(app: Any, containing: str) -> Any:
    """The statements run inside the block that contain `containing` (to count the queries
    a service makes)."""
    return sent_sql(app, containing)


SPEC_METHODS = ("get", "post", "patch", "put", "delete")


def spec_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of an OpenAPI document."""
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in SPEC_METHODS
    ]


def url_of_size(path: str, size: int) -> str:
    """`path?skill=a&skill=a...` of exactly `size` bytes (a parameter the workers' list
    knows, repeated: an unknown one is refused, 422)."""
    url = path + "?skill=a"
    while len(url) + len("&skill=a") <= size:
        url += "&skill=a"
    return url + "a" * (size - len(url))
