import datetime as dt
import unittest

from tracking.consumer import EventConsumer
from tracking.dedup import RecentIds
from tracking.models import Shipment, TrackingEvent
from tracking.store import ShipmentStore

RECEIVED = dt.datetime(2024, 5, 2, 12, 0, tzinfo=dt.timezone.utc)


def scan(event_id, shipment_id, status, hour):
    occurred = dt.datetime(2024, 5, 2, hour, 0, tzinfo=dt.timezone.utc)
    return TrackingEvent(event_id, shipment_id, status, occurred, RECEIVED)


class ConsumerTest(unittest.TestCase):
    def setUp(self):
        self.store = ShipmentStore()
        self.store.add(Shipment("S1", "ana@example.com"))
        self.store.add(Shipment("S2", "bo@example.com"))
        self.sent = []
        self.consumer = EventConsumer(self.store, lambda to, message: self.sent.append((to, message)))

    def test_batch_for_several_shipments(self):
        result = self.consumer.handle_batch([
            scan("a1", "S1", "in_transit", 6),
            scan("b1", "S2", "in_transit", 7),
            scan("a2", "S1", "out_for_delivery", 8),
            scan("b2", "S2", "exception", 9),
        ])
        self.assertEqual(result.applied, 4)
        self.assertEqual(self.store.get("S1").status, "out_for_delivery")
        self.assertEqual(self.store.get("S2").status, "exception")
        self.assertEqual(
            self.sent,
            [
                ("ana@example.com", "Your parcel S1 is out for delivery today."),
                ("bo@example.com", "There is a problem with your parcel S2; the carrier will be in touch."),
            ],
        )

    def test_duplicates_and_unknown_shipments(self):
        self.consumer.handle_batch([scan("a1", "S1", "in_transit", 6)])
        result = self.consumer.handle_batch([scan("a1", "S1", "in_transit", 6), scan("x1", "S9", "delivered", 7)])
        self.assertEqual((result.applied, result.duplicates, result.unknown), (0, 1, 1))

    def test_unknown_shipment_is_retried_on_redelivery(self):
        self.consumer.handle_batch([scan("c1", "S3", "in_transit", 6)])
        self.store.add(Shipment("S3", "cy@example.com"))
        result = self.consumer.handle_batch([scan("c1", "S3", "in_transit", 6)])
        self.assertEqual(result.applied, 1)


class RecentIdsTest(unittest.TestCase):
    def setUp(self):
        self.now = 0.0
        self.recent = RecentIds(window=60, clock=lambda: self.now)

    def test_remembered_for_the_window(self):
        self.recent.add("e1")
        self.now = 59
        self.assertIn("e1", self.recent)
        self.now = 61  # rotated into the previous generation
        self.assertIn("e1", self.recent)

    def test_forgotten_after_idle(self):
        self.recent.add("e1")
        self.now = 200
        self.assertNotIn("e1", self.recent)
        self.assertEqual(len(self.recent), 0)

    def test_window_must_be_positive(self):
        with self.assertRaises(ValueError):
            RecentIds(window=0)


if __name__ == "__main__":
    unittest.main()
