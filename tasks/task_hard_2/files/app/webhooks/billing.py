"""Receiver for the billing provider's webhooks: the outcome of invoice payments."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.billing.invoices import InvoiceStore
from app.http import Request, Response, json_response
from app.webhooks import signing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InvoiceEvent:
    id: str
    type: str  # invoice.paid | invoice.payment_failed
    invoice_id: str
    amount_paid: int = 0
    currency: str = ""
    failure_reason: str = ""


def parse_event(body: bytes) -> InvoiceEvent | None:
    """The invoice event in `body`; None for an event type we don't handle. Raises on a malformed one."""
    event = json.loads(body)
    if event["type"] not in ("invoice.paid", "invoice.payment_failed"):
        return None
    data = event["data"]
    if event["type"] == "invoice.paid":
        return InvoiceEvent(
            str(event["id"]), event["type"], str(data["invoice_id"]), int(data["amount_paid"]), str(data["currency"])
        )
    return InvoiceEvent(
        str(event["id"]), event["type"], str(data["invoice_id"]), failure_reason=str(data.get("reason", ""))
    )


def handle_billing_webhook(
    request: Request,
    *,
    secret: bytes,
    invoices: InvoiceStore,
    clock: Callable[[], float] = time.time,
) -> Response:
    """POST /webhooks/billing.

    Every authentic delivery gets a 2xx (also redeliveries and events we ignore) so the provider
    stops retrying it; one that fails verification gets a 400 and changes nothing.
    """
    signature = request.headers.get("webhook-signature")
    if not signing.verify_delivery(secret, request.body, signature, now=clock()):
        log.warning("rejected billing webhook: bad signature")
        return json_response(400, {"error": "invalid signature"})
    try:
        event = parse_event(request.body)
    except (ValueError, KeyError, TypeError):
        return json_response(400, {"error": "malformed event"})
    if event is None:
        return json_response(200, {"status": "ignored"})
    if not invoices.record_event(event.id):
        return json_response(200, {"status": "duplicate"})
    if event.type == "invoice.paid":
        known = invoices.mark_paid(event.invoice_id, event.amount_paid, event.currency)
    else:
        known = invoices.mark_payment_failed(event.invoice_id, event.failure_reason)
    if not known:
        log.warning("billing webhook %s names unknown invoice %s", event.id, event.invoice_id)
    return json_response(200, {"status": "processed"})
