"""Checking that a webhook delivery really comes from Paylink.

Paylink signs `<timestamp>.<raw body>` with the endpoint's secret (HMAC-SHA256) and sends

    Paylink-Signature: t=1718000000,v1=<hex digest>[,v1=<hex digest>]

Each delivery attempt is signed afresh, so a retry carries a new timestamp. While a secret is
being rotated Paylink signs with the old and the new one and sends both digests; schemes other
than v1 are ignored so Paylink can add new ones.
"""

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_TOLERANCE_S = 300
MAX_SIGNATURES = 8

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


class SignatureError(ValueError):
    """The delivery is not verifiably from Paylink; the message says why (for the log)."""


@dataclass(frozen=True)
class Delivery:
    """A verified delivery: when Paylink signed it, and a key naming exactly what was signed."""

    timestamp: int
    key: str


def _signed_message(timestamp: str, body: bytes) -> bytes:
    return timestamp.encode("ascii") + b"." + body


def sign(secret: bytes, body: bytes, timestamp: int) -> str:
    """The header value Paylink sends for `body` signed at `timestamp`."""
    digest = hmac.new(secret, _signed_message(str(timestamp), body), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def parse_header(header: str) -> tuple[str, list[str]]:
    """The timestamp, as sent, and the v1 digests of a `Paylink-Signature` header."""
    timestamp = None
    digests = []
    for item in header.split(","):
        scheme, sep, value = item.strip().partition("=")
        if not sep:
            raise SignatureError(f"malformed signature item {item!r}")
        if scheme == "t":
            if timestamp is not None:
                raise SignatureError("more than one timestamp")
            if not _TIMESTAMP.fullmatch(value):
                raise SignatureError(f"malformed timestamp {value!r}")
            timestamp = value
        elif scheme == "v1":
            if not _HEX_SHA256.fullmatch(value):
                raise SignatureError("malformed v1 signature")
            digests.append(value)
    if timestamp is None:
        raise SignatureError("no timestamp")
    if not 1 <= len(digests) <= MAX_SIGNATURES:
        raise SignatureError(f"expected 1 to {MAX_SIGNATURES} v1 signatures, got {len(digests)}")
    return timestamp, digests


def verify(
    secrets: Sequence[bytes], body: bytes, header: str | None, *, now: float, tolerance: float = DEFAULT_TOLERANCE_S
) -> Delivery:
    """Check `header` against `body` and return the delivery, or raise SignatureError.

    A delivery is accepted while `now` is within `tolerance` seconds of its signed timestamp.
    """
    if not header:
        raise SignatureError("no signature header")
    timestamp, digests = parse_header(header)
    signed_at = int(timestamp)
    if abs(now - signed_at) > tolerance:
        raise SignatureError(f"timestamp {signed_at} is outside the tolerance")
    message = _signed_message(timestamp, body)
    for secret in secrets:
        expected = hmac.new(secret, message, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, digest) for digest in digests):
            return Delivery(timestamp=signed_at, key=hashlib.sha256(message).hexdigest())
    raise SignatureError("no signature matches a configured secret")
