"""Apply the tracking events of carrier deliveries to shipments, and tell customers."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable

from tracking.dedup import RecentIds
from tracking.models import TrackingEvent
from tracking.store import ShipmentStore, UnknownShipment

log = logging.getLogger(__name__)

# Statuses the customer hears about, and what they are told.
MESSAGES = {
    "out_for_delivery": "Your parcel {shipment_id} is out for delivery today.",
    "delivered": "Your parcel {shipment_id} has been delivered.",
    "exception": "There is a problem with your parcel {shipment_id}; the carrier will be in touch.",
}

Notify = Callable[[str, str], None]  # (e-mail address, message): queues an e-mail


@dataclasses.dataclass(frozen=True)
class BatchResult:
    applied: int = 0
    duplicates: int = 0
    unknown: int = 0


class EventConsumer:
    """Applies batches one at a time (the caller serialises them); not thread-safe."""

    def __init__(self, store: ShipmentStore, notify: Notify, recent: RecentIds | None = None) -> None:
        self._store = store
        self._notify = notify
        self._recent = recent if recent is not None else RecentIds()

    def handle_batch(self, events: Iterable[TrackingEvent]) -> BatchResult:
        """Apply a delivery's events, skipping ones already applied.

        A delivery mixes shipments and does not list their scans in time order; each
        shipment's scans are applied in the order they happened, as its status is the
        status of the last one applied.
        """
        applied = duplicates = unknown = 0
        for event in sorted(events, key=lambda e: (e.shipment_id, e.received_at)):
            if event.event_id in self._recent:
                duplicates += 1
                continue
            try:
                shipment = self._store.get(event.shipment_id)
            except UnknownShipment:
                log.warning("tracking event %s for unknown shipment %s", event.event_id, event.shipment_id)
                unknown += 1
                continue
            previous = shipment.status
            self._store.apply(event)
            self._recent.add(event.event_id)
            applied += 1
            if event.status != previous and event.status in MESSAGES:
                message = MESSAGES[event.status].format(shipment_id=shipment.shipment_id)
                self._notify(shipment.customer_email, message)
        return BatchResult(applied, duplicates, unknown)
