"""Contains all the data models used in inputs/outputs"""

from .actor import Actor
from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_page import ApiKeyPage
from .api_key_status import ApiKeyStatus
from .api_key_with_secret import ApiKeyWithSecret
from .api_key_with_secret_status import ApiKeyWithSecretStatus
from .attachment import Attachment
from .audit_event import AuditEvent
from .audit_event_data import AuditEventData
from .audit_event_page import AuditEventPage
from .audit_trail import AuditTrail
from .balances import Balances
from .claim import Claim
from .claim_coverage import ClaimCoverage
from .claim_create import ClaimCreate
from .claim_create_coverage import ClaimCreateCoverage
from .claim_evidence import ClaimEvidence
from .claim_evidence_pack import ClaimEvidencePack
from .claim_insurer_status import ClaimInsurerStatus
from .claim_page import ClaimPage
from .claim_review import ClaimReview
from .claim_review_decision import ClaimReviewDecision
from .claim_status import ClaimStatus
from .clock_in import ClockIn
from .clock_out import ClockOut
from .clock_out_batch import ClockOutBatch
from .clock_out_batch_counts import ClockOutBatchCounts
from .clock_out_batch_item import ClockOutBatchItem
from .clock_out_batch_item_page import ClockOutBatchItemPage
from .clock_out_batch_item_status import ClockOutBatchItemStatus
from .clock_out_batch_progress import ClockOutBatchProgress
from .clock_out_batch_progress_status import ClockOutBatchProgressStatus
from .clock_out_batch_result import ClockOutBatchResult
from .clock_out_item import ClockOutItem
from .clock_out_result import ClockOutResult
from .clock_out_result_status import ClockOutResultStatus
from .contact import Contact
from .contract import Contract
from .contract_audit_event import ContractAuditEvent
from .contract_audit_event_data import ContractAuditEventData
from .contract_create import ContractCreate
from .contract_create_metadata import ContractCreateMetadata
from .contract_create_variables import ContractCreateVariables
from .contract_decline import ContractDecline
from .contract_document_status import ContractDocumentStatus
from .contract_document_status_kind import ContractDocumentStatusKind
from .contract_document_status_status import ContractDocumentStatusStatus
from .contract_metadata import ContractMetadata
from .contract_page import ContractPage
from .contract_reason import ContractReason
from .contract_signature import ContractSignature
from .contract_status import ContractStatus
from .contract_template import ContractTemplate
from .contract_template_create import ContractTemplateCreate
from .contract_template_create_locale import ContractTemplateCreateLocale
from .contract_template_locale import ContractTemplateLocale
from .contract_template_page import ContractTemplatePage
from .contract_variables import ContractVariables
from .contract_verification import ContractVerification
from .contract_verification_matched_type_1 import ContractVerificationMatchedType1
from .contract_verification_matched_type_2_type_1 import (
    ContractVerificationMatchedType2Type1,
)
from .contract_verification_matched_type_3_type_1 import (
    ContractVerificationMatchedType3Type1,
)
from .contract_verify_request import ContractVerifyRequest
from .coverage import Coverage
from .coverage_type import CoverageType
from .deposit import Deposit
from .deposit_create import DepositCreate
from .deposit_create_currency import DepositCreateCurrency
from .deposit_page import DepositPage
from .deposit_status import DepositStatus
from .earnings import Earnings
from .earnings_total import EarningsTotal
from .employer import Employer
from .employer_create import EmployerCreate
from .employer_create_metadata import EmployerCreateMetadata
from .employer_metadata import EmployerMetadata
from .employer_month import EmployerMonth
from .employer_page import EmployerPage
from .employer_statement import EmployerStatement
from .employer_update import EmployerUpdate
from .employer_update_metadata import EmployerUpdateMetadata
from .engagement import Engagement
from .engagement_create import EngagementCreate
from .engagement_create_currency import EngagementCreateCurrency
from .engagement_create_metadata import EngagementCreateMetadata
from .engagement_fee_type_0 import EngagementFeeType0
from .engagement_metadata import EngagementMetadata
from .engagement_page import EngagementPage
from .engagement_pay import EngagementPay
from .engagement_site_type_0 import EngagementSiteType0
from .engagement_status import EngagementStatus
from .escrow_balance import EscrowBalance
from .event import Event
from .event_data import EventData
from .event_page import EventPage
from .fee import Fee
from .fee_type import FeeType
from .field_error import FieldError
from .geofence import Geofence
from .geofence_policy import GeofencePolicy
from .get_employer_escrow_currency import GetEmployerEscrowCurrency
from .health import Health
from .hold import Hold
from .hold_create import HoldCreate
from .hold_create_currency import HoldCreateCurrency
from .hold_page import HoldPage
from .hold_status import HoldStatus
from .incident_location import IncidentLocation
from .introspection import Introspection
from .ledger_account import LedgerAccount
from .ledger_account_normal_balance import LedgerAccountNormalBalance
from .ledger_account_page import LedgerAccountPage
from .ledger_entry import LedgerEntry
from .ledger_entry_direction import LedgerEntryDirection
from .ledger_entry_page import LedgerEntryPage
from .ledger_entry_transaction_status import LedgerEntryTransactionStatus
from .ledger_transaction import LedgerTransaction
from .ledger_transaction_status import LedgerTransactionStatus
from .list_contracts_status import ListContractsStatus
from .list_engagements_status import ListEngagementsStatus
from .list_holds_status import ListHoldsStatus
from .list_insurance_claims_status import ListInsuranceClaimsStatus
from .list_insurance_policies_status import ListInsurancePoliciesStatus
from .list_ledger_accounts_currency import ListLedgerAccountsCurrency
from .list_ledger_accounts_kind import ListLedgerAccountsKind
from .list_payouts_status import ListPayoutsStatus
from .list_shifts_status import ListShiftsStatus
from .list_webhook_deliveries_status import ListWebhookDeliveriesStatus
from .location import Location
from .mismatch import Mismatch
from .mismatch_kind import MismatchKind
from .notification import Notification
from .notification_kind import NotificationKind
from .notification_status import NotificationStatus
from .o_auth_client import OAuthClient
from .o_auth_client_create import OAuthClientCreate
from .o_auth_client_create_scopes_item import OAuthClientCreateScopesItem
from .o_auth_client_page import OAuthClientPage
from .o_auth_client_status import OAuthClientStatus
from .o_auth_client_with_secret import OAuthClientWithSecret
from .o_auth_client_with_secret_status import OAuthClientWithSecretStatus
from .other_releases import OtherReleases
from .pay_terms import PayTerms
from .pay_terms_basis import PayTermsBasis
from .pay_terms_rounding import PayTermsRounding
from .payout import Payout
from .payout_account import PayoutAccount
from .payout_account_kind import PayoutAccountKind
from .payout_account_view import PayoutAccountView
from .payout_account_view_kind import PayoutAccountViewKind
from .payout_attempt import PayoutAttempt
from .payout_attempt_outcome_type_1 import PayoutAttemptOutcomeType1
from .payout_attempt_outcome_type_2_type_1 import PayoutAttemptOutcomeType2Type1
from .payout_attempt_outcome_type_3_type_1 import PayoutAttemptOutcomeType3Type1
from .payout_create import PayoutCreate
from .payout_create_currency import PayoutCreateCurrency
from .payout_page import PayoutPage
from .payout_retry import PayoutRetry
from .payout_state import PayoutState
from .payout_status import PayoutStatus
from .payslip import Payslip
from .payslip_correction import PayslipCorrection
from .payslip_deductions_item import PayslipDeductionsItem
from .payslip_employer_items_item import PayslipEmployerItemsItem
from .payslip_page import PayslipPage
from .payslip_party import PayslipParty
from .payslip_pay import PayslipPay
from .payslip_status import PayslipStatus
from .payslip_sums import PayslipSums
from .payslip_totals import PayslipTotals
from .payslip_worker import PayslipWorker
from .policy import Policy
from .policy_create import PolicyCreate
from .policy_create_metadata import PolicyCreateMetadata
from .policy_day import PolicyDay
from .policy_day_starts_on import PolicyDayStartsOn
from .policy_day_status import PolicyDayStatus
from .policy_insurer_status import PolicyInsurerStatus
from .policy_metadata import PolicyMetadata
from .policy_page import PolicyPage
from .policy_status import PolicyStatus
from .problem import Problem
from .product import Product
from .product_create import ProductCreate
from .product_create_currency import ProductCreateCurrency
from .product_create_metadata import ProductCreateMetadata
from .product_metadata import ProductMetadata
from .product_page import ProductPage
from .product_update import ProductUpdate
from .product_update_currency import ProductUpdateCurrency
from .product_update_metadata import ProductUpdateMetadata
from .product_version import ProductVersion
from .product_version_list import ProductVersionList
from .reconciliation import Reconciliation
from .recover import Recover
from .recover_result import RecoverResult
from .redeliver import Redeliver
from .refund import Refund
from .refund_create import RefundCreate
from .refund_create_currency import RefundCreateCurrency
from .release import Release
from .release_create import ReleaseCreate
from .revocation import Revocation
from .rotate import Rotate
from .rotate_secret import RotateSecret
from .shift import Shift
from .shift_page import ShiftPage
from .shift_plan import ShiftPlan
from .shift_status import ShiftStatus
from .shifts_create import ShiftsCreate
from .signature_consent import SignatureConsent
from .signature_consent_method import SignatureConsentMethod
from .signature_consent_verification import SignatureConsentVerification
from .signer import Signer
from .signer_consent_type_0 import SignerConsentType0
from .signer_input import SignerInput
from .signer_party_type import SignerPartyType
from .signer_status import SignerStatus
from .signing_key import SigningKey
from .signing_key_alg import SigningKeyAlg
from .signing_key_list import SigningKeyList
from .signing_key_status import SigningKeyStatus
from .signing_link import SigningLink
from .signing_link_create import SigningLinkCreate
from .signing_link_issued import SigningLinkIssued
from .signing_link_issued_status import SigningLinkIssuedStatus
from .signing_link_list import SigningLinkList
from .signing_link_status import SigningLinkStatus
from .site import Site
from .statement_employer_row import StatementEmployerRow
from .statement_period import StatementPeriod
from .statement_row import StatementRow
from .target import Target
from .template_placeholder import TemplatePlaceholder
from .template_placeholder_type import TemplatePlaceholderType
from .tenant import Tenant
from .tenant_update import TenantUpdate
from .tenant_update_currency import TenantUpdateCurrency
from .test_clock import TestClock
from .test_clock_advance import TestClockAdvance
from .test_clock_create import TestClockCreate
from .test_clock_page import TestClockPage
from .test_clock_status import TestClockStatus
from .token_operation import TokenOperation
from .token_operation_token_type_hint import TokenOperationTokenTypeHint
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .webhook_attempt import WebhookAttempt
from .webhook_attempt_outcome import WebhookAttemptOutcome
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_delivery_origin import WebhookDeliveryOrigin
from .webhook_delivery_page import WebhookDeliveryPage
from .webhook_delivery_status import WebhookDeliveryStatus
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata
from .webhook_endpoint_disabled_reason_type_1 import WebhookEndpointDisabledReasonType1
from .webhook_endpoint_disabled_reason_type_2_type_1 import (
    WebhookEndpointDisabledReasonType2Type1,
)
from .webhook_endpoint_disabled_reason_type_3_type_1 import (
    WebhookEndpointDisabledReasonType3Type1,
)
from .webhook_endpoint_metadata import WebhookEndpointMetadata
from .webhook_endpoint_page import WebhookEndpointPage
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_endpoint_with_secret_disabled_reason_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType1,
)
from .webhook_endpoint_with_secret_disabled_reason_type_2_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType2Type1,
)
from .webhook_endpoint_with_secret_disabled_reason_type_3_type_1 import (
    WebhookEndpointWithSecretDisabledReasonType3Type1,
)
from .webhook_endpoint_with_secret_metadata import WebhookEndpointWithSecretMetadata
from .withholding_line import WithholdingLine
from .withholding_report import WithholdingReport
from .work_site import WorkSite
from .worker import Worker
from .worker_create import WorkerCreate
from .worker_create_metadata import WorkerCreateMetadata
from .worker_metadata import WorkerMetadata
from .worker_page import WorkerPage
from .worker_statement import WorkerStatement
from .worker_update import WorkerUpdate
from .worker_update_metadata import WorkerUpdateMetadata
from .year_to_date import YearToDate

__all__ = (
    "Actor",
    "ApiKey",
    "ApiKeyCreate",
    "ApiKeyCreateScopesItem",
    "ApiKeyPage",
    "ApiKeyStatus",
    "ApiKeyWithSecret",
    "ApiKeyWithSecretStatus",
    "Attachment",
    "AuditEvent",
    "AuditEventData",
    "AuditEventPage",
    "AuditTrail",
    "Balances",
    "Claim",
    "ClaimCoverage",
    "ClaimCreate",
    "ClaimCreateCoverage",
    "ClaimEvidence",
    "ClaimEvidencePack",
    "ClaimInsurerStatus",
    "ClaimPage",
    "ClaimReview",
    "ClaimReviewDecision",
    "ClaimStatus",
    "ClockIn",
    "ClockOut",
    "ClockOutBatch",
    "ClockOutBatchCounts",
    "ClockOutBatchItem",
    "ClockOutBatchItemPage",
    "ClockOutBatchItemStatus",
    "ClockOutBatchProgress",
    "ClockOutBatchProgressStatus",
    "ClockOutBatchResult",
    "ClockOutItem",
    "ClockOutResult",
    "ClockOutResultStatus",
    "Contact",
    "Contract",
    "ContractAuditEvent",
    "ContractAuditEventData",
    "ContractCreate",
    "ContractCreateMetadata",
    "ContractCreateVariables",
    "ContractDecline",
    "ContractDocumentStatus",
    "ContractDocumentStatusKind",
    "ContractDocumentStatusStatus",
    "ContractMetadata",
    "ContractPage",
    "ContractReason",
    "ContractSignature",
    "ContractStatus",
    "ContractTemplate",
    "ContractTemplateCreate",
    "ContractTemplateCreateLocale",
    "ContractTemplateLocale",
    "ContractTemplatePage",
    "ContractVariables",
    "ContractVerification",
    "ContractVerificationMatchedType1",
    "ContractVerificationMatchedType2Type1",
    "ContractVerificationMatchedType3Type1",
    "ContractVerifyRequest",
    "Coverage",
    "CoverageType",
    "Deposit",
    "DepositCreate",
    "DepositCreateCurrency",
    "DepositPage",
    "DepositStatus",
    "Earnings",
    "EarningsTotal",
    "Employer",
    "EmployerCreate",
    "EmployerCreateMetadata",
    "EmployerMetadata",
    "EmployerMonth",
    "EmployerPage",
    "EmployerStatement",
    "EmployerUpdate",
    "EmployerUpdateMetadata",
    "Engagement",
    "EngagementCreate",
    "EngagementCreateCurrency",
    "EngagementCreateMetadata",
    "EngagementFeeType0",
    "EngagementMetadata",
    "EngagementPage",
    "EngagementPay",
    "EngagementSiteType0",
    "EngagementStatus",
    "EscrowBalance",
    "Event",
    "EventData",
    "EventPage",
    "Fee",
    "FeeType",
    "FieldError",
    "Geofence",
    "GeofencePolicy",
    "GetEmployerEscrowCurrency",
    "Health",
    "Hold",
    "HoldCreate",
    "HoldCreateCurrency",
    "HoldPage",
    "HoldStatus",
    "IncidentLocation",
    "Introspection",
    "LedgerAccount",
    "LedgerAccountNormalBalance",
    "LedgerAccountPage",
    "LedgerEntry",
    "LedgerEntryDirection",
    "LedgerEntryPage",
    "LedgerEntryTransactionStatus",
    "LedgerTransaction",
    "LedgerTransactionStatus",
    "ListContractsStatus",
    "ListEngagementsStatus",
    "ListHoldsStatus",
    "ListInsuranceClaimsStatus",
    "ListInsurancePoliciesStatus",
    "ListLedgerAccountsCurrency",
    "ListLedgerAccountsKind",
    "ListPayoutsStatus",
    "ListShiftsStatus",
    "ListWebhookDeliveriesStatus",
    "Location",
    "Mismatch",
    "MismatchKind",
    "Notification",
    "NotificationKind",
    "NotificationStatus",
    "OAuthClient",
    "OAuthClientCreate",
    "OAuthClientCreateScopesItem",
    "OAuthClientPage",
    "OAuthClientStatus",
    "OAuthClientWithSecret",
    "OAuthClientWithSecretStatus",
    "OtherReleases",
    "PayTerms",
    "PayTermsBasis",
    "PayTermsRounding",
    "Payout",
    "PayoutAccount",
    "PayoutAccountKind",
    "PayoutAccountView",
    "PayoutAccountViewKind",
    "PayoutAttempt",
    "PayoutAttemptOutcomeType1",
    "PayoutAttemptOutcomeType2Type1",
    "PayoutAttemptOutcomeType3Type1",
    "PayoutCreate",
    "PayoutCreateCurrency",
    "PayoutPage",
    "PayoutRetry",
    "PayoutState",
    "PayoutStatus",
    "Payslip",
    "PayslipCorrection",
    "PayslipDeductionsItem",
    "PayslipEmployerItemsItem",
    "PayslipPage",
    "PayslipParty",
    "PayslipPay",
    "PayslipStatus",
    "PayslipSums",
    "PayslipTotals",
    "PayslipWorker",
    "Policy",
    "PolicyCreate",
    "PolicyCreateMetadata",
    "PolicyDay",
    "PolicyDayStartsOn",
    "PolicyDayStatus",
    "PolicyInsurerStatus",
    "PolicyMetadata",
    "PolicyPage",
    "PolicyStatus",
    "Problem",
    "Product",
    "ProductCreate",
    "ProductCreateCurrency",
    "ProductCreateMetadata",
    "ProductMetadata",
    "ProductPage",
    "ProductUpdate",
    "ProductUpdateCurrency",
    "ProductUpdateMetadata",
    "ProductVersion",
    "ProductVersionList",
    "Reconciliation",
    "Recover",
    "RecoverResult",
    "Redeliver",
    "Refund",
    "RefundCreate",
    "RefundCreateCurrency",
    "Release",
    "ReleaseCreate",
    "Revocation",
    "Rotate",
    "RotateSecret",
    "Shift",
    "ShiftPage",
    "ShiftPlan",
    "ShiftStatus",
    "ShiftsCreate",
    "SignatureConsent",
    "SignatureConsentMethod",
    "SignatureConsentVerification",
    "Signer",
    "SignerConsentType0",
    "SignerInput",
    "SignerPartyType",
    "SignerStatus",
    "SigningKey",
    "SigningKeyAlg",
    "SigningKeyList",
    "SigningKeyStatus",
    "SigningLink",
    "SigningLinkCreate",
    "SigningLinkIssued",
    "SigningLinkIssuedStatus",
    "SigningLinkList",
    "SigningLinkStatus",
    "Site",
    "StatementEmployerRow",
    "StatementPeriod",
    "StatementRow",
    "Target",
    "TemplatePlaceholder",
    "TemplatePlaceholderType",
    "Tenant",
    "TenantUpdate",
    "TenantUpdateCurrency",
    "TestClock",
    "TestClockAdvance",
    "TestClockCreate",
    "TestClockPage",
    "TestClockStatus",
    "TokenOperation",
    "TokenOperationTokenTypeHint",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "WebhookAttempt",
    "WebhookAttemptOutcome",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookDeliveryOrigin",
    "WebhookDeliveryPage",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEndpointCreate",
    "WebhookEndpointCreateMetadata",
    "WebhookEndpointDisabledReasonType1",
    "WebhookEndpointDisabledReasonType2Type1",
    "WebhookEndpointDisabledReasonType3Type1",
    "WebhookEndpointMetadata",
    "WebhookEndpointPage",
    "WebhookEndpointUpdate",
    "WebhookEndpointUpdateMetadata",
    "WebhookEndpointWithSecret",
    "WebhookEndpointWithSecretDisabledReasonType1",
    "WebhookEndpointWithSecretDisabledReasonType2Type1",
    "WebhookEndpointWithSecretDisabledReasonType3Type1",
    "WebhookEndpointWithSecretMetadata",
    "WithholdingLine",
    "WithholdingReport",
    "WorkSite",
    "Worker",
    "WorkerCreate",
    "WorkerCreateMetadata",
    "WorkerMetadata",
    "WorkerPage",
    "WorkerStatement",
    "WorkerUpdate",
    "WorkerUpdateMetadata",
    "YearToDate",
)
