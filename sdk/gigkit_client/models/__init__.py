"""Contains all the data models used in inputs/outputs"""

from .actor import Actor
from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_page import ApiKeyPage
from .api_key_status import ApiKeyStatus
from .api_key_with_secret import ApiKeyWithSecret
from .api_key_with_secret_status import ApiKeyWithSecretStatus
from .audit_event import AuditEvent
from .audit_event_data import AuditEventData
from .audit_event_page import AuditEventPage
from .contact import Contact
from .employer import Employer
from .employer_create import EmployerCreate
from .employer_create_metadata import EmployerCreateMetadata
from .employer_metadata import EmployerMetadata
from .employer_page import EmployerPage
from .employer_update import EmployerUpdate
from .employer_update_metadata import EmployerUpdateMetadata
from .event import Event
from .event_data import EventData
from .event_page import EventPage
from .field_error import FieldError
from .health import Health
from .introspection import Introspection
from .o_auth_client import OAuthClient
from .o_auth_client_create import OAuthClientCreate
from .o_auth_client_create_scopes_item import OAuthClientCreateScopesItem
from .o_auth_client_page import OAuthClientPage
from .o_auth_client_status import OAuthClientStatus
from .o_auth_client_with_secret import OAuthClientWithSecret
from .o_auth_client_with_secret_status import OAuthClientWithSecretStatus
from .payout_account import PayoutAccount
from .payout_account_kind import PayoutAccountKind
from .payout_account_view import PayoutAccountView
from .payout_account_view_kind import PayoutAccountViewKind
from .problem import Problem
from .revocation import Revocation
from .rotate import Rotate
from .site import Site
from .target import Target
from .tenant import Tenant
from .tenant_update import TenantUpdate
from .tenant_update_currency import TenantUpdateCurrency
from .token_operation import TokenOperation
from .token_operation_token_type_hint import TokenOperationTokenTypeHint
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .worker import Worker
from .worker_create import WorkerCreate
from .worker_create_metadata import WorkerCreateMetadata
from .worker_metadata import WorkerMetadata
from .worker_page import WorkerPage
from .worker_update import WorkerUpdate
from .worker_update_metadata import WorkerUpdateMetadata

__all__ = (
    "Actor",
    "ApiKey",
    "ApiKeyCreate",
    "ApiKeyCreateScopesItem",
    "ApiKeyPage",
    "ApiKeyStatus",
    "ApiKeyWithSecret",
    "ApiKeyWithSecretStatus",
    "AuditEvent",
    "AuditEventData",
    "AuditEventPage",
    "Contact",
    "Employer",
    "EmployerCreate",
    "EmployerCreateMetadata",
    "EmployerMetadata",
    "EmployerPage",
    "EmployerUpdate",
    "EmployerUpdateMetadata",
    "Event",
    "EventData",
    "EventPage",
    "FieldError",
    "Health",
    "Introspection",
    "OAuthClient",
    "OAuthClientCreate",
    "OAuthClientCreateScopesItem",
    "OAuthClientPage",
    "OAuthClientStatus",
    "OAuthClientWithSecret",
    "OAuthClientWithSecretStatus",
    "PayoutAccount",
    "PayoutAccountKind",
    "PayoutAccountView",
    "PayoutAccountViewKind",
    "Problem",
    "Revocation",
    "Rotate",
    "Site",
    "Target",
    "Tenant",
    "TenantUpdate",
    "TenantUpdateCurrency",
    "TokenOperation",
    "TokenOperationTokenTypeHint",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "Worker",
    "WorkerCreate",
    "WorkerCreateMetadata",
    "WorkerMetadata",
    "WorkerPage",
    "WorkerUpdate",
    "WorkerUpdateMetadata",
)
