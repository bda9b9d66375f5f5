"""Keeping secrets out of the request log: passwords, tokens, API keys and card details."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from app.http import Request

MASK = "[redacted]"
MAX_BODY_CHARS = 2_000
MAX_DEPTH = 16
SENSITIVE_NAMES = frozenset({
    "password", "passcode", "pin", "token", "secret", "api_key", "apikey", "authorization",
    "card", "card_number", "cvc", "cvv", "iban", "otp",
})
SENSITIVE_SUFFIXES = ("_password", "_token", "_secret", "_key")


def is_sensitive(name: str) -> bool:
    """Field names are compared case-insensitively, with dashes read as underscores."""
    key = name.strip().lower().replace("-", "_")
    return key in SENSITIVE_NAMES or key.endswith(SENSITIVE_SUFFIXES)


def redact(value: object, depth: int = 0) -> object:
    """A copy of a parsed JSON value with the value of every sensitive key masked, at any depth."""
    if depth >= MAX_DEPTH:
        return "[nested too deep]"
    if isinstance(value, dict):
        return {k: MASK if is_sensitive(k) else redact(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, depth + 1) for v in value]
    return value


def redact_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, MASK if is_sensitive(k) else v) for k, v in pairs])


def body_summary(request: Request) -> object:
    """What the request log shows of a request body: parsed and redacted when it is JSON."""
    if not request.body:
        return None
    if request.content_type == "application/json":
        try:
            return redact(request.json())
        except (ValueError, RecursionError):
            return f"<{len(request.body)} bytes of invalid JSON>"
    text = request.body[:MAX_BODY_CHARS].decode("utf-8", "replace")
    if len(request.body) > MAX_BODY_CHARS:
        text += f"... ({len(request.body)} bytes)"
    return text
