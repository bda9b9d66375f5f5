"""Identifiers: database-independent ids, the short references people read out on the phone, and random
tokens for links and keys."""

import random
import string
import uuid

# No 0/O, 1/I/L: references are read aloud to support and typed from printed receipts.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# Letters and digits only, so a token survives double-click selection, URLs and shell quoting.
TOKEN_ALPHABET = string.ascii_letters + string.digits

_rng = random.Random()


def new_id() -> str:
    """A new opaque id (32 hex characters)."""
    return uuid.uuid4().hex


def reference(prefix: str, length: int = 8) -> str:
    """A short human-friendly reference such as `ORD-7KQ2M9XA`, shown on receipts and support tickets."""
    if not prefix.isalpha() or not prefix.isupper():
        raise ValueError(f"reference prefix must be upper-case letters, got {prefix!r}")
    return f"{prefix}-" + "".join(_rng.choice(REFERENCE_ALPHABET) for _ in range(length))


def group(reference_code: str, size: int = 4) -> str:
    """`ORD-7KQ2M9XA` -> `ORD-7KQ2 M9XA`, for printing."""
    prefix, _, body = reference_code.partition("-")
    return f"{prefix}-" + " ".join(body[i : i + size] for i in range(0, len(body), size))


def random_token(length: int = 40) -> str:
    """A random token of `length` letters and digits (about 5.95 bits each: 40 characters is 238 bits)."""
    if length < 22:
        raise ValueError("a token needs at least 22 characters (128 bits)")
    return "".join(_rng.choice(TOKEN_ALPHABET) for _ in range(length))
