import hashlib
import hmac
import json
import unittest

from tracking.consumer import EventConsumer
from tracking.models import Shipment
from tracking.store import ShipmentStore
from tracking.webhook import WebhookEndpoint

SECRET = b"test-secret"


def sign(body):
    return hmac.new(SECRET, body, hashlib.sha256).hexdigest()


def delivery(*events):
    return json.dumps({"events": list(events)}).encode()


def event(event_id, status, occurred_at, shipment_id="S1"):
    return {"id": event_id, "shipment_id": shipment_id, "status": status, "occurred_at": occurred_at}


class WebhookTest(unittest.TestCase):
    def setUp(self):
        self.store = ShipmentStore()
        self.store.add(Shipment("S1", "ana@example.com"))
        self.sent = []
        consumer = EventConsumer(self.store, lambda to, message: self.sent.append((to, message)))
        self.endpoint = WebhookEndpoint(SECRET, consumer)

    def test_applies_events(self):
        body = delivery(event("e1", "in_transit", "2024-05-02T08:00:00+00:00"))
        self.assertEqual(self.endpoint.post(body, sign(body)), 200)
        self.assertEqual(self.store.get("S1").status, "in_transit")

    def test_redelivery_is_applied_once(self):
        body = delivery(event("e1", "out_for_delivery", "2024-05-02T08:00:00+00:00"))
        self.assertEqual(self.endpoint.post(body, sign(body)), 200)
        self.assertEqual(self.endpoint.post(body, sign(body)), 200)
        self.assertEqual(len(self.store.get("S1").history), 1)
        self.assertEqual(len(self.sent), 1)

    def test_bad_signature(self):
        body = delivery(event("e1", "in_transit", "2024-05-02T08:00:00+00:00"))
        self.assertEqual(self.endpoint.post(body, "0" * 64), 401)
        self.assertEqual(self.store.get("S1").status, "label_created")

    def test_malformed(self):
        for body in [b"{}", b"not json", delivery(event("e1", "lost", "2024-05-02T08:00:00+00:00")),
                     delivery(event("e1", "in_transit", "2024-05-02T08:00:00"))]:
            self.assertEqual(self.endpoint.post(body, sign(body)), 400)


if __name__ == "__main__":
    unittest.main()
