"""Checking the signatures of incoming webhook deliveries.

Our providers sign each delivery with HMAC-SHA256 over "<timestamp>.<raw body>" and send

    Webhook-Signature: t=<unix seconds>,v1=<hex digest>[,v1=<hex digest>...]

with several v1 entries while they rotate their secret. A delivery whose timestamp is further than
the tolerance from our clock is rejected, so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

DEFAULT_TOLERANCE_S = 300


@dataclass(frozen=True)
class Verification:
    """The outcome of checking one delivery: `ok`, or not ok with a `reason` for the logs."""

    ok: bool
    reason: str = ""
    timestamp: int | None = None


def parse_signature_header(header: str) -> tuple[int, list[str]] | None:
    """(timestamp, [v1 signatures]) from a Webhook-Signature header, or None if it is malformed."""
    timestamp, signatures = None, []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            return None
        if key == "t":
            if not (value.isascii() and value.isdigit()):
                return None
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return None
    return timestamp, signatures


def verify_delivery(
    secret: bytes,
    body: bytes,
    header: str | None,
    now: float,
    tolerance_s: int = DEFAULT_TOLERANCE_S,
) -> Verification:
    """Check a delivery's Webhook-Signature `header` against `secret`. Never raises on bad input."""
    if not header:
        return Verification(False, "missing signature header")
    parsed = parse_signature_header(header)
    if parsed is None:
        return Verification(False, "malformed signature header")
    timestamp, signatures = parsed
    if abs(now - timestamp) > tolerance_s:
        return Verification(False, "timestamp outside tolerance", timestamp)
    expected = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected.encode(), candidate.encode()) for candidate in signatures):
        return Verification(False, "no matching signature", timestamp)
    return Verification(True, timestamp=timestamp)
