import base64
import unittest

from shipping.carrier import CarrierClient, CarrierError
from shipping.handlers import PackingHandlers
from shipping.labels import LabelService, NotShippable, UnknownFormat
from shipping.store import Store, UnknownOrder

ADDRESS = {"name": "A. Packer", "street": "1 Dock Road", "postcode": "AB1 2CD", "country": "GB"}


class FakeCarrierAPI:
    """Stands in for the carrier's HTTP API behind CarrierClient."""

    def __init__(self):
        self.purchases = []
        self.downloads = []
        self.fail = False

    def __call__(self, method, path, payload, *, api_key):
        if self.fail:
            raise CarrierError("carrier down")
        if method == "POST" and path == "/shipments":
            tracking = f"TRK{len(self.purchases) + 1:04d}"
            self.purchases.append(payload["reference"])
            pdf = base64.b64encode(b"%PDF " + tracking.encode()).decode()
            return {"tracking_number": tracking, "cost_cents": 495, "label_pdf": pdf}
        if method == "GET" and path.startswith("/shipments/"):
            tracking, _, fmt = path[len("/shipments/"):].partition("/label?format=")
            self.downloads.append((tracking, fmt))
            document = f"{fmt}:{tracking}".encode() * 10
            return {"document": base64.b64encode(document).decode()}
        raise AssertionError(f"unexpected call {method} {path}")


class LabelServiceTest(unittest.TestCase):
    def setUp(self):
        self.store = Store(":memory:")
        self.store.add_order(1, "paid", ADDRESS, 1200)
        self.store.add_order(2, "paid", ADDRESS, 300)
        self.store.add_order(3, "cancelled", ADDRESS, 800)
        self.api = FakeCarrierAPI()
        self.labels = LabelService(self.store, CarrierClient("key", transport=self.api))

    def test_first_label_buys_a_shipment(self):
        self.assertEqual(self.labels.label(1), b"pdf:TRK0001" * 10)
        self.assertEqual(self.api.purchases, ["1"])
        self.assertEqual(self.store.shipment_for(1).tracking_number, "TRK0001")

    def test_reprint_reuses_the_shipment(self):
        first = self.labels.label(1, "zpl")
        second = self.labels.label(1, "zpl")
        self.assertEqual(first, second)
        self.assertEqual(self.api.purchases, ["1"])
        self.assertEqual(self.api.downloads, [("TRK0001", "zpl")])

    def test_other_format_downloads_the_same_shipment(self):
        self.labels.label(1, "pdf")
        self.assertEqual(self.labels.label(1, "zpl"), b"zpl:TRK0001" * 10)
        self.assertEqual(self.api.purchases, ["1"])

    def test_existing_shipment_is_not_bought_again(self):
        self.labels.label(2)
        fresh = LabelService(self.store, CarrierClient("key", transport=self.api))
        self.assertEqual(fresh.label(2, "zpl"), b"zpl:TRK0001" * 10)
        self.assertEqual(self.api.purchases, ["2"])

    def test_refusals(self):
        with self.assertRaises(UnknownOrder):
            self.labels.label(99)
        with self.assertRaises(NotShippable):
            self.labels.label(3)
        with self.assertRaises(UnknownFormat):
            self.labels.label(1, "png")
        self.assertEqual(self.api.purchases, [])

    def test_carrier_failure_is_not_cached(self):
        self.api.fail = True
        with self.assertRaises(CarrierError):
            self.labels.label(1)
        self.api.fail = False
        self.assertEqual(self.labels.label(1), b"pdf:TRK0001" * 10)
        self.assertEqual(self.api.purchases, ["1"])

    def test_cache_is_bounded_by_bytes(self):
        small = LabelService(self.store, CarrierClient("key", transport=self.api), cache_bytes=200)
        small.label(1)
        small.label(2)
        self.assertEqual(small.cached_documents(), 1)
        small.label(1)
        self.assertEqual(len(self.api.downloads), 3)


class PrintLabelHandlerTest(unittest.TestCase):
    def setUp(self):
        store = Store(":memory:")
        store.add_order(1, "paid", ADDRESS, 1200)
        store.add_order(3, "cancelled", ADDRESS, 800)
        self.api = FakeCarrierAPI()
        self.handlers = PackingHandlers(LabelService(store, CarrierClient("key", transport=self.api)))

    def test_statuses(self):
        ok = self.handlers.print_label(1, {"format": "zpl"})
        self.assertEqual(ok.status, 200)
        self.assertEqual(ok.headers["Content-Type"], "application/vnd.zebra.zpl; charset=ascii")
        self.assertEqual(self.handlers.print_label(1, {"format": "png"}).status, 400)
        self.assertEqual(self.handlers.print_label(2, {}).status, 404)
        self.assertEqual(self.handlers.print_label(3, {}).status, 409)
        self.api.fail = True
        self.assertEqual(self.handlers.print_label(1, {}).status, 502)
