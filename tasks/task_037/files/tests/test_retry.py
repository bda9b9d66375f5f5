import random
import unittest
from datetime import datetime, timezone

from carrier.client import CarrierClient, CarrierError
from carrier.retry import RetryPolicy, retry_after
from carrier.transport import ConnectError, Response, ResponseError

NOW = datetime(2024, 6, 3, 12, 0, 0, tzinfo=timezone.utc)


def ok(body=b'{"status": "in_transit"}'):
    return Response(200, {"content-type": "application/json"}, body)


def status(code, retry_after=None):
    return Response(code, {} if retry_after is None else {"retry-after": retry_after}, b"busy")


class ScriptedTransport:
    """Plays back one outcome per send: a Response to return or an exception to raise."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.requests = []

    def send(self, request, timeout):
        self.requests.append(request)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class FakeClock:
    """time.monotonic and time.sleep: sleeping moves the clock on."""

    def __init__(self):
        self.t = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.t

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.t += seconds


def client(transport, clock, **policy):
    return CarrierClient(
        transport, "key", policy=RetryPolicy(**policy), sleep=clock.sleep, clock=clock, now=lambda: NOW,
        rng=random.Random(7),
    )


class RetryTest(unittest.TestCase):
    def test_transient_failures_are_retried_with_backoff(self):
        clock = FakeClock()
        transport = ScriptedTransport(status(503), ResponseError("read timed out"), ok())
        self.assertEqual(client(transport, clock).track("1Z999")["status"], "in_transit")
        self.assertEqual(len(transport.requests), 3)
        self.assertTrue(0.25 <= clock.sleeps[0] <= 0.5 and 0.5 <= clock.sleeps[1] <= 1.0, clock.sleeps)

    def test_gives_up_after_max_attempts(self):
        clock = FakeClock()
        transport = ScriptedTransport(*[status(502)] * 3)
        with self.assertRaises(CarrierError) as caught:
            client(transport, clock, max_attempts=3).track("1Z999")
        self.assertEqual(caught.exception.status, 502)
        self.assertEqual((len(transport.requests), len(clock.sleeps)), (3, 2))

    def test_label_is_not_resent_when_the_carrier_may_have_created_it(self):
        for outcome in (ResponseError("connection reset"), status(503), status(504), status(400)):
            transport = ScriptedTransport(outcome, ok(b'{"label_id": "L1"}'))
            with self.subTest(outcome=outcome), self.assertRaises(CarrierError):
                client(transport, FakeClock()).create_label({"weight_g": 800})
            self.assertEqual(len(transport.requests), 1)

    def test_label_is_resent_when_the_carrier_never_saw_it(self):
        for outcome in (ConnectError("connection refused"), status(429, retry_after="5")):
            clock = FakeClock()
            transport = ScriptedTransport(outcome, ok(b'{"label_id": "L1"}'))
            self.assertEqual(client(transport, clock).create_label({"weight_g": 800}), {"label_id": "L1"})
            self.assertEqual(len(transport.requests), 2)
        self.assertEqual(clock.sleeps, [5.0], "Retry-After is honoured")

    def test_no_retry_past_the_deadline(self):
        clock = FakeClock()
        transport = ScriptedTransport(status(503, retry_after="120"), ok())
        with self.assertRaises(CarrierError):
            client(transport, clock, give_up_after=30).track("1Z999")
        self.assertEqual((len(transport.requests), clock.sleeps), (1, []))


class RetryAfterTest(unittest.TestCase):
    def test_forms(self):
        self.assertEqual(retry_after({"retry-after": "7"}, NOW), 7.0)
        self.assertEqual(retry_after({"retry-after": "Mon, 03 Jun 2024 12:00:30 GMT"}, NOW), 30.0)
        self.assertEqual(retry_after({"retry-after": "Mon, 03 Jun 2024 11:00:00 GMT"}, NOW), 0.0)
        self.assertIsNone(retry_after({}, NOW))
        self.assertIsNone(retry_after({"retry-after": "soon"}, NOW))
        self.assertIsNone(retry_after({"retry-after": "-5"}, NOW))


if __name__ == "__main__":
    unittest.main()
