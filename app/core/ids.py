"""Prefixed, time-ordered, random identifiers: `wkr_01j9z3k7m2q8r4t6v8x0y2a4c6`.

26 characters of Crockford base32 (lower case) after the prefix: 48 bits of milliseconds
since the epoch then 80 random bits, as in ULID. Ids sort roughly by creation time, which
keeps B-tree inserts local, and carry enough randomness that they cannot be guessed or
enumerated (R-RLS-7: no sequential keys shared across tenants).
"""

from __future__ import annotations

import re
import secrets

from app.core.time import real_time_ns

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
BODY_LENGTH = 26
BODY_PATTERN = f"[{ALPHABET}]{{{BODY_LENGTH}}}"
PREFIX_PATTERN = re.compile(r"^[a-z]{2,5}$")


_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]  # 10 bits -> 2 characters


def _encode(value: int, length: int) -> str:
    """`value` in `length` base32 characters (most significant first), 10 bits at a time."""
    pairs = [_PAIRS[(value >> shift) & 1023] for shift in range(10 * (length // 2 - 1), -1, -10)]
    if length % 2:
        pairs.insert(0, ALPHABET[(value >> (5 * length - 5)) & 31])
    return "".join(pairs)


def new_id(prefix: str) -> str:
    """A new id such as `emp_01j9...`; `prefix` is 2-5 lower-case letters."""
    if not PREFIX_PATTERN.match(prefix):
        raise ValueError(f"bad id prefix {prefix!r}")
    value = (real_time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    return f"{prefix}_{_encode(value, BODY_LENGTH)}"


def id_pattern(prefix: str) -> str:
    """Regular expression (unanchored) matching ids with this prefix."""
    return f"{prefix}_{BODY_PATTERN}"


def is_valid(value: str, prefix: str) -> bool:
    return re.fullmatch(id_pattern(prefix), value) is not None
