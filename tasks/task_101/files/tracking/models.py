"""Shipments and the tracking events carriers report for them."""

from __future__ import annotations

import dataclasses
import datetime as dt

STATUSES = ("label_created", "in_transit", "out_for_delivery", "delivered", "exception")


@dataclasses.dataclass(frozen=True)
class TrackingEvent:
    event_id: str  # the carrier's id for the scan; the same in every redelivery
    shipment_id: str
    status: str
    occurred_at: dt.datetime  # when the carrier scanned the parcel (timezone-aware)
    received_at: dt.datetime  # when our endpoint received the delivery that carried it
    location: str = ""


@dataclasses.dataclass
class Shipment:
    shipment_id: str
    customer_email: str
    status: str = "label_created"
    history: list[TrackingEvent] = dataclasses.field(default_factory=list)
