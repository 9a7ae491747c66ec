"""The insurance block's public face: products, policies, cover, the insurer's
notifications, claims. Importing it registers the block's hooks into the day of work."""

from __future__ import annotations

import app.insurance.hooks  # noqa: F401  (registers the work hooks)
from app.insurance.claim_jobs import INSURER_SETTLEMENT as INSURER_SETTLEMENT
from app.insurance.claim_jobs import due_claims as due_claims
from app.insurance.claim_jobs import pay_claim as pay_claim
from app.insurance.claim_jobs import send_claim as send_claim
from app.insurance.claims import create_claim as create_claim
from app.insurance.claims import get_claim as get_claim
from app.insurance.claims import list_claims as list_claims
from app.insurance.claims import review_claim as review_claim
from app.insurance.cover import INSURANCE_PREMIUMS as INSURANCE_PREMIUMS
from app.insurance.cover import sweep as sweep
from app.insurance.evidence import get_evidence as get_evidence
from app.insurance.notify import due_policies as due_policies
from app.insurance.notify import notify_policy as notify_policy
from app.insurance.policies import buy_policy as buy_policy
from app.insurance.policies import cancel_policy as cancel_policy
from app.insurance.policies import get_policy as get_policy
from app.insurance.policies import list_policies as list_policies
from app.insurance.products import create_product as create_product
from app.insurance.products import get_product as get_product
from app.insurance.products import list_products as list_products
from app.insurance.products import list_versions as list_versions
from app.insurance.products import update_product as update_product
from app.insurance.products import version_of as version_of
from app.insurance.products import view as view
