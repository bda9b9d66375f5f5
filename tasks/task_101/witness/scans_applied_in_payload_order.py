# A delivery lists scans grouped by hub, not in time order. handle_batch() sorts them by
# received_at, which is the same for every event of one delivery, so scans are applied in payload
# order: the shipment ends with the status of an older scan, and customers get messages out of order.
import datetime as dt
import hashlib
import hmac
import json

from tracking.consumer import EventConsumer
from tracking.models import Shipment
from tracking.store import ShipmentStore
from tracking.webhook import WebhookEndpoint

SECRET = b"witness"
store = ShipmentStore()
store.add(Shipment("S1", "ana@example.com"))
store.add(Shipment("S2", "bo@example.com"))
sent = []
endpoint = WebhookEndpoint(SECRET, EventConsumer(store, lambda to, message: sent.append((to, message))))

events = [  # grouped by hub, as the carrier sends them
    {"id": "a3", "shipment_id": "S1", "status": "delivered", "occurred_at": "2024-05-02T14:05:00+02:00"},
    {"id": "b1", "shipment_id": "S2", "status": "in_transit", "occurred_at": "2024-05-02T06:00:00+00:00"},
    {"id": "a2", "shipment_id": "S1", "status": "out_for_delivery", "occurred_at": "2024-05-02T09:10:00+02:00"},
    {"id": "a1", "shipment_id": "S1", "status": "in_transit", "occurred_at": "2024-05-02T05:40:00+00:00"},
]
body = json.dumps({"events": events}).encode()
assert endpoint.post(body, hmac.new(SECRET, body, hashlib.sha256).hexdigest()) == 200

history = [e.event_id for e in store.get("S1").history]
assert history == ["a1", "a2", "a3"], f"S1's scans were applied out of time order: {history}"
assert store.get("S1").status == "delivered", (
    f"S1 was delivered last, but its status is {store.get('S1').status!r}"
)
messages = [m for to, m in sent if to == "ana@example.com"]
assert messages == ["Your parcel S1 is out for delivery today.", "Your parcel S1 has been delivered."], messages
