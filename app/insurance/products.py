"""Products and their versions: a product names its insurer; its terms (name, daily
premium, coverages and sums insured, ages, excluded job categories) are versions that never
change. Updating a product writes version n+1; policies sold before keep theirs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.insurance import pricing
from app.insurance.errors import UnknownInsurer
from app.insurance.insurers import INSURERS
from app.insurance.models import Product, ProductVersion
from app.tenants import service as tenants


def create_product(
    session: Session,
    *,
    actor: Actor,
    insurer: str,
    metadata: dict[str, str] | None = None,
    **terms: Any,
) -> Product:
    if insurer not in INSURERS:
        message = f"One of: {', '.join(INSURERS)}."
        raise UnknownInsurer(message, errors=[field_error("insurer", message)])
    product = Product(id=new_id("prd"), insurer=insurer, version=1, metadata_=metadata or {})
    session.add(product)
    session.flush()
    _add_version(session, product, 1, terms)
    return product


def update_product(
    session: Session, *, actor: Actor, product_id: str, metadata: dict[str, str] | None = None,
    **changes: Any,
) -> Product:  # fmt: skip
    """Write the next version: the current terms with `changes` applied."""
    product = _lock(session, product_id)
    current = version_of(session, product.id, product.version)
    terms = {name: getattr(current, name) for name in TERMS} | changes
    product.version += 1
    if metadata is not None:
        product.metadata_ = {**product.metadata_, **metadata}
    _add_version(session, product, product.version, terms)
    return product


TERMS = (
    "name",
    "currency",
    "daily_premium",
    "coverages",
    "min_age",
    "max_age",
    "excluded_job_categories",
)


def _add_version(session: Session, product: Product, number: int, terms: dict[str, Any]) -> None:
    if terms["min_age"] > terms["max_age"]:
        raise ValidationFailed(
            "The minimum age is above the maximum.",
            errors=[field_error("min_age", f"At most max_age ({terms['max_age']}).")],
        )
    kinds = [c["type"] for c in terms["coverages"]]
    if len(set(kinds)) != len(kinds):
        raise ValidationFailed(
            "A coverage type appears twice.",
            errors=[field_error("coverages", "Each type at most once.")],
        )
    session.add(
        ProductVersion(
            id=new_id("prv"),
            product_id=product.id,
            version=number,
            name=terms["name"],
            currency=terms.get("currency") or tenants.settings_of(session).currency,
            daily_premium=terms["daily_premium"],
            coverages=[dict(c) for c in terms["coverages"]],
            min_age=terms["min_age"],
            max_age=terms["max_age"],
            excluded_job_categories=sorted(set(terms.get("excluded_job_categories") or [])),
        )
    )
    session.flush()


def get_product(session: Session, product_id: str, *, field: str | None = None) -> Product:
    """The product; 404 if missing (naming `field`, when the id came in a body)."""
    found = session.scalars(select(Product).where(Product.id == product_id)).one_or_none()
    if found is None:
        errors = [field_error(field, "No such product.")] if field else None
        raise NotFound("No such product.", errors=errors)
    return found


def _lock(session: Session, product_id: str) -> Product:
    found = session.scalars(
        select(Product)
        .where(Product.id == product_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such product.")
    return found


def version_of(session: Session, product_id: str, version: int) -> ProductVersion:
    return session.scalars(
        select(ProductVersion).where(
            ProductVersion.product_id == product_id, ProductVersion.version == version
        )
    ).one()


def terms_of(version: ProductVersion) -> pricing.Terms:
    return pricing.Terms(
        version.daily_premium,
        version.min_age,
        version.max_age,
        tuple(version.excluded_job_categories),
    )


def view(session: Session, product: Product) -> dict[str, Any]:
    """The product as the API shows it: its current version's terms beside its identity."""
    return views(session, [product])[0]


def views(session: Session, products: list[Product]) -> list[dict[str, Any]]:
    """`view` of each product, with one query for their current versions."""
    wanted = {(p.id, p.version) for p in products}
    found = {
        (v.product_id, v.version): v
        for v in session.scalars(
            select(ProductVersion).where(ProductVersion.product_id.in_({p for p, _ in wanted}))
        )
        if (v.product_id, v.version) in wanted
    }
    return [
        {
            "id": p.id,
            "insurer": p.insurer,
            "version": p.version,
            **{name: getattr(found[(p.id, p.version)], name) for name in TERMS},
            "metadata": p.metadata_,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
        }
        for p in products
    ]


def list_products(
    session: Session, *, limit: int, cursor: Position | None = None
) -> Page[dict[str, Any]]:
    page = paginate(session, select(Product), Product, limit=limit, cursor=cursor)
    return replace(page, data=views(session, page.data))  # type: ignore[arg-type]


def list_versions(session: Session, *, product_id: str) -> list[ProductVersion]:
    get_product(session, product_id)
    return list(
        session.scalars(
            select(ProductVersion)
            .where(ProductVersion.product_id == product_id)
            .order_by(ProductVersion.version)
        )
    )
