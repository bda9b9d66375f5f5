"""POST /webhooks/billing: events the billing service sends us, signed with the shared webhook secret."""

import hashlib
import hmac
import json
import logging
from collections.abc import Callable

from app.entitlements import service

log = logging.getLogger(__name__)


def signature_ok(body: bytes, signature: str, secret: bytes) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _payment_failed(event: dict) -> None:
    log.warning("payment failed for tenant %s, invoice %s", event["tenant_id"], event.get("invoice_id"))


def _entitlements_changed(event: dict) -> None:
    service.forget(int(event["tenant_id"]))


HANDLERS: dict[str, Callable[[dict], None]] = {
    "invoice.payment_failed": _payment_failed,
    # Anything that can change what a tenant's plan includes.
    "subscription.created": _entitlements_changed,
    "subscription.updated": _entitlements_changed,
    "subscription.cancelled": _entitlements_changed,
    "trial.converted": _entitlements_changed,
    "entitlements.overridden": _entitlements_changed,
}


def handle(body: bytes, signature: str, secret: bytes) -> int:
    """The HTTP status to answer with. Unknown event types are acknowledged so billing stops retrying."""
    if not signature_ok(body, signature, secret):
        return 401
    try:
        event = json.loads(body)
        handler = HANDLERS.get(event["type"])
        if handler is not None:
            handler(event)
    except (ValueError, KeyError, TypeError):
        return 400
    return 204
