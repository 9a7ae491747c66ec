from typing import Literal

SignatureConsentMethod = Literal["face", "in_person", "password", "sms_code"]

SIGNATURE_CONSENT_METHOD_VALUES: set[SignatureConsentMethod] = {
    "face",
    "in_person",
    "password",
    "sms_code",
}


def check_signature_consent_method(value: str) -> SignatureConsentMethod:
    if value in SIGNATURE_CONSENT_METHOD_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNATURE_CONSENT_METHOD_VALUES!r}"
    )
