from typing import Literal

SignatureConsentVerification = Literal["failed", "passed"]

SIGNATURE_CONSENT_VERIFICATION_VALUES: set[SignatureConsentVerification] = {
    "failed",
    "passed",
}


def check_signature_consent_verification(value: str) -> SignatureConsentVerification:
    if value in SIGNATURE_CONSENT_VERIFICATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNATURE_CONSENT_VERIFICATION_VALUES!r}"
    )
