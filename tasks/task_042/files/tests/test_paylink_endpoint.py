import io
import json
import tempfile
import unittest
from pathlib import Path

from storefront.paylink import signature
from storefront.paylink.endpoint import PaylinkEndpoint
from storefront.paylink.replay import ReplayGuard

SECRET = b"whsec_test_0123456789"
NEW_SECRET = b"whsec_test_rotated_9876"
NOW = 1_718_000_000


def call(app, body: bytes, headers: dict[str, str] | None = None, method: str = "POST"):
    environ = {
        "REQUEST_METHOD": method,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = status

    payload = json.loads(b"".join(app(environ, start_response)))
    return seen["status"], payload


class PaylinkEndpointTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.guard = ReplayGuard(Path(tmp.name) / "deliveries.sqlite3")
        self.now = NOW
        self.events = []
        self.app = self.endpoint({"payment.succeeded": self.events.append})

    def endpoint(self, handlers):
        return PaylinkEndpoint([SECRET, NEW_SECRET], handlers, self.guard, clock=lambda: self.now)

    def test_signed_delivery_is_processed(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        status, payload = call(self.app, body, {"Paylink-Signature": signature.sign(SECRET, body, NOW)})
        self.assertEqual(status, "200 OK")
        self.assertEqual(payload, {"status": "processed"})
        self.assertEqual([event["id"] for event in self.events], ["evt_1"])

    def test_bad_signature_is_rejected(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        status, _ = call(self.app, body, {"Paylink-Signature": signature.sign(b"other", body, NOW)})
        self.assertEqual(status, "401 Unauthorized")
        self.assertEqual(self.events, [])

    def test_missing_signature_is_rejected(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        status, _ = call(self.app, body)
        self.assertEqual(status, "401 Unauthorized")

    def test_timestamp_outside_tolerance_is_rejected(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        for signed_at in (NOW - 301, NOW + 301):
            status, _ = call(self.app, body, {"Paylink-Signature": signature.sign(SECRET, body, signed_at)})
            self.assertEqual(status, "401 Unauthorized")
        self.assertEqual(self.events, [])

    def test_either_secret_is_accepted_during_rotation(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        new_digest = signature.sign(NEW_SECRET, body, NOW).partition(",")[2]
        header = f"t={NOW},v1={'0' * 64},{new_digest}"
        self.assertEqual(call(self.app, body, {"Paylink-Signature": header})[0], "200 OK")

    def test_replayed_delivery_is_rejected(self):
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        headers = {"Paylink-Signature": signature.sign(SECRET, body, NOW)}
        self.assertEqual(call(self.app, body, headers)[0], "200 OK")
        self.now += 120
        self.assertEqual(call(self.app, body, headers)[0], "409 Conflict")
        self.assertEqual(len(self.events), 1)

    def test_retry_after_a_failed_handler_is_processed(self):
        def fail_once(event):
            self.events.append(event)
            if len(self.events) == 1:
                raise RuntimeError("ledger unavailable")

        app = self.endpoint({"payment.succeeded": fail_once})
        body = json.dumps({"id": "evt_1", "type": "payment.succeeded"}).encode()
        status, _ = call(app, body, {"Paylink-Signature": signature.sign(SECRET, body, NOW)})
        self.assertEqual(status, "500 Internal Server Error")
        self.now += 60
        status, _ = call(app, body, {"Paylink-Signature": signature.sign(SECRET, body, self.now)})
        self.assertEqual(status, "200 OK")
        self.assertEqual(len(self.events), 2)

    def test_unhandled_type_is_acknowledged(self):
        body = json.dumps({"id": "evt_2", "type": "payout.created"}).encode()
        status, payload = call(self.app, body, {"Paylink-Signature": signature.sign(SECRET, body, NOW)})
        self.assertEqual((status, payload), ("200 OK", {"status": "ignored"}))

    def test_only_post(self):
        status, _ = call(self.app, b"", method="GET")
        self.assertEqual(status, "405 Method Not Allowed")


if __name__ == "__main__":
    unittest.main()
