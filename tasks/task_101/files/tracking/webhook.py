"""POST /webhooks/carrier: tracking events pushed by the carrier."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading

from tracking.consumer import EventConsumer
from tracking.models import STATUSES, TrackingEvent

log = logging.getLogger(__name__)


def verify(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def parse_events(body: bytes, received_at: dt.datetime) -> list[TrackingEvent]:
    """The events of one delivery, in payload order; ``ValueError`` if the body is not valid."""
    try:
        payload = json.loads(body)
        events = []
        for item in payload["events"]:
            occurred_at = dt.datetime.fromisoformat(item["occurred_at"])
            if occurred_at.tzinfo is None:
                raise ValueError(f"occurred_at without a UTC offset: {item['occurred_at']}")
            if item["status"] not in STATUSES:
                raise ValueError(f"unknown status {item['status']!r}")
            events.append(
                TrackingEvent(
                    event_id=str(item["id"]),
                    shipment_id=str(item["shipment_id"]),
                    status=item["status"],
                    occurred_at=occurred_at,
                    received_at=received_at,
                    location=str(item.get("location") or ""),
                )
            )
        return events
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed payload: {exc!r}") from None


class WebhookEndpoint:
    def __init__(self, secret: bytes, consumer: EventConsumer) -> None:
        self._secret = secret
        self._consumer = consumer
        self._lock = threading.Lock()  # the server handles deliveries on several threads

    def post(self, body: bytes, signature: str) -> int:
        """Handle one delivery; returns the HTTP status."""
        if not verify(self._secret, body, signature):
            return 401
        try:
            events = parse_events(body, received_at=dt.datetime.now(dt.timezone.utc))
        except ValueError as exc:
            log.warning("carrier webhook: %s", exc)
            return 400
        with self._lock:
            result = self._consumer.handle_batch(events)
        log.info(
            "carrier webhook: %d applied, %d redelivered, %d for unknown shipments",
            result.applied,
            result.duplicates,
            result.unknown,
        )
        return 200
