"""Receiver for the carrier's webhooks: delivery status of our parcels."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from app.http import Request, Response, json_response
from app.webhooks import signing

log = logging.getLogger(__name__)

STATUSES = ("in_transit", "out_for_delivery", "delivered", "returned")


def handle_shipping_webhook(
    request: Request,
    *,
    secret: bytes,
    shipments: dict[str, str],
    clock: Callable[[], float] = time.time,
) -> Response:
    """POST /webhooks/shipping: record the new status of a parcel (tracking number -> status)."""
    check = signing.verify_delivery(secret, request.body, request.headers.get("webhook-signature"), clock())
    if not check.ok:
        log.warning("rejected shipping webhook: %s", check.reason)
        return json_response(400, {"error": "invalid signature"})
    try:
        event = json.loads(request.body)
        tracking, status = str(event["tracking_number"]), event["status"]
    except (ValueError, KeyError, TypeError):
        return json_response(400, {"error": "malformed event"})
    if status not in STATUSES:
        return json_response(200, {"status": "ignored"})
    shipments[tracking] = status
    return json_response(200, {"status": "recorded"})
