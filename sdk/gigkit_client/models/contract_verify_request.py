from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractVerifyRequest")


@_attrs_define
class ContractVerifyRequest:
    """
    Attributes:
        pdf (str | Unset): The PDF file, base64-encoded
        sha256 (str | Unset): SHA-256 (hex) of the PDF, or of the document text (UTF-8)
    """

    pdf: str | Unset = UNSET
    sha256: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pdf = self.pdf

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if pdf is not UNSET:
            field_dict["pdf"] = pdf
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        pdf = d.pop("pdf", UNSET)

        sha256 = d.pop("sha256", UNSET)

        contract_verify_request = cls(
            pdf=pdf,
            sha256=sha256,
        )

        return contract_verify_request
