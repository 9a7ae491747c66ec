"""The shared wire-format building blocks (`app/core/schemas.py`)."""

from __future__ import annotations

import marshmallow as ma
import pytest

from app.core.schemas import Pattern


def test_a_pattern_message_may_quote_the_pattern_with_its_braces() -> None:
    """marshmallow formats messages with `str.format`: `{16}` in one was a 500."""
    check = Pattern(r"^[0-9]{16}$", error=r"Must match ^[0-9]{16}$.")
    with pytest.raises(ma.ValidationError) as raised:
        check("12")
    assert raised.value.messages == [r"Must match ^[0-9]{16}$."]
    with pytest.raises(ma.ValidationError) as raised:
        Pattern(r"^[0-9]{2}$", error="Must match {regex}.")("1")
    assert raised.value.messages == [r"Must match ^[0-9]{2}$."]
