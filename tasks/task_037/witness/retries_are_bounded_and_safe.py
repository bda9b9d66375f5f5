# Clean PR: retries in the carrier client. Checks the spots that look like classic retry bugs:
# - the attempt loop counts from 1 and stops at `attempt >= max_attempts`: exactly max_attempts sends;
# - create_label (a billed, non-idempotent POST) goes through the retry loop, but is sent again only
#   after a ConnectError (HttpsTransport raises it only when connect() failed, before any byte of the
#   request) or a 429; read timeouts and 5xx are not retried for it;
# - Retry-After is looked up as "retry-after": HttpsTransport lower-cases header names;
# - the wait comes from the server, but a wait that would pass give_up_after ends the retries instead
#   of sleeping, and malformed or huge values neither crash nor shorten the wait below our backoff.
import http.client
import io
import logging
import random
import socket
from datetime import datetime, timedelta, timezone

from carrier.client import CarrierClient, CarrierError
from carrier.retry import RetryPolicy
from carrier.transport import ConnectError, HttpsTransport, Response, ResponseError

logging.getLogger("carrier").addHandler(logging.NullHandler())  # keep retry warnings off stderr
logging.getLogger("carrier").propagate = False
NOW = datetime(2024, 6, 3, 12, 0, 0, tzinfo=timezone.utc)
OK = Response(200, {"content-type": "application/json"}, b'{"label_id": "L1", "rates": []}')


def status(code, retry_after=None):
    return Response(code, {} if retry_after is None else {"retry-after": retry_after}, b"busy")


class Clock:
    def __init__(self):
        self.t = 500.0
        self.sleeps = []

    def __call__(self):
        return self.t

    def sleep(self, seconds):
        assert seconds >= 0, f"negative sleep {seconds}"
        self.sleeps.append(seconds)
        self.t += seconds


class Scripted:
    def __init__(self, clock, outcomes, send_takes=0.0):
        self.clock, self.outcomes, self.send_takes = clock, list(outcomes), send_takes
        self.sent_at = []
        self.requests = []

    def send(self, request, timeout):
        self.sent_at.append(self.clock.t)
        self.requests.append(request)
        self.clock.t += self.send_takes
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def make(transport, clock, seed=0, **policy):
    return CarrierClient(
        transport, "sk_live_SECRET", policy=RetryPolicy(**policy), sleep=clock.sleep, clock=clock,
        now=lambda: NOW, rng=random.Random(seed),
    )


def fails(call):
    try:
        call()
    except CarrierError as exc:
        return exc
    raise AssertionError("expected a CarrierError")


# Exactly max_attempts sends, max_attempts - 1 waits; success on the last allowed attempt is returned.
for n in range(1, 11):
    clock = Clock()
    transport = Scripted(clock, [status(503)] * n + [OK])
    error = fails(lambda: make(transport, clock, max_attempts=n, give_up_after=10_000).track("1Z"))
    assert error.status == 503 and len(transport.requests) == n and len(clock.sleeps) == n - 1, (n, transport.requests)
    clock = Clock()
    transport = Scripted(clock, [ResponseError("timed out")] * (n - 1) + [OK])
    assert make(transport, clock, max_attempts=n, give_up_after=10_000).track("1Z")["label_id"] == "L1"
    assert len(transport.requests) == n

# Backoff: exponential, capped, jittered in the upper half of each step.
for seed in range(200):
    clock = Clock()
    transport = Scripted(clock, [status(502)] * 10)
    fails(lambda: make(transport, clock, seed, max_attempts=10, base_delay=0.5, max_delay=8, give_up_after=1e9).track("x"))
    for attempt, slept in enumerate(clock.sleeps, start=1):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        assert ceiling / 2 <= slept <= ceiling, (attempt, slept)

# Non-idempotent create_label: never resent once the carrier may have acted on it.
for outcome in (ResponseError("read timed out"), status(500), status(502), status(503), status(504), status(409)):
    clock = Clock()
    transport = Scripted(clock, [outcome, OK, OK])
    fails(lambda: make(transport, clock).create_label({"weight_g": 800}))
    assert len(transport.requests) == 1, f"create_label was sent again after {outcome!r}"
for outcomes in ([ConnectError("refused")] * 3, [status(429), status(429, "1"), ConnectError("dns")]):
    clock = Clock()
    transport = Scripted(clock, [*outcomes, OK])
    assert make(transport, clock).create_label({"weight_g": 800}) == {"label_id": "L1", "rates": []}
    assert len(transport.requests) == 4
# Idempotent calls retry read timeouts and 5xx.
clock = Clock()
transport = Scripted(clock, [ResponseError("reset"), status(504), OK])
assert make(transport, clock).quote_rates({"weight_g": 800}) == [] and len(transport.requests) == 3


# The real transport: lower-cased header names, ConnectError only when connect() failed.
class FakeConnection:
    script = []
    requests = []

    def __init__(self, host, port, timeout):
        self.step = FakeConnection.script.pop(0)

    def connect(self):
        if self.step == "refuse":
            raise ConnectionRefusedError(111, "Connection refused")

    def request(self, method, path, body=None, headers=None):
        FakeConnection.requests.append((method, path, body, dict(headers)))

    def getresponse(self):
        if self.step == "timeout":
            raise socket.timeout("timed out")
        code, headers, body = self.step
        response = http.client.HTTPResponse.__new__(http.client.HTTPResponse)
        response.status, response._hdrs, response._body = code, headers, io.BytesIO(body)
        response.getheaders = lambda: response._hdrs
        response.read = lambda amt=None: response._body.read(amt)
        return response

    def close(self):
        pass


http.client.HTTPSConnection = FakeConnection
FakeConnection.script = ["refuse", (429, [("Retry-After", "3"), ("Content-Type", "text/plain")], b"slow down"),
                         (201, [("Content-Type", "application/json")], b'{"label_id": "L9"}')]
clock = Clock()
client = make(HttpsTransport("api.carrier.example"), clock)
assert client.create_label({"weight_g": 800}) == {"label_id": "L9"}
assert len(FakeConnection.requests) == 2, "a refused connection must not have sent the request"
assert clock.sleeps[0] <= 0.5 and clock.sleeps[1] == 3.0, f"Retry-After: 3 was not honoured: {clock.sleeps}"
FakeConnection.script, FakeConnection.requests = ["timeout", (201, [], b"{}")], []
clock = Clock()
fails(lambda: make(HttpsTransport("api.carrier.example"), clock).create_label({"weight_g": 800}))
assert len(FakeConnection.requests) == 1 and clock.sleeps == [], "a label whose response timed out was sent again"

# Retry-After from the server cannot stall us past give_up_after, nor crash the client.
for header in ("120", "9" * 5000, (NOW + timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")):
    clock = Clock()
    transport = Scripted(clock, [status(503, header), OK])
    assert fails(lambda: make(transport, clock, give_up_after=30).track("1Z")).status == 503
    assert len(transport.requests) == 1 and clock.sleeps == [], (header, clock.sleeps)
for header, expected in (("12", 12.0), ((NOW + timedelta(seconds=20)).strftime("%a, %d %b %Y %H:%M:%S GMT"), 20.0),
                         ("soon", None), ("-4", None), ("1e9", None), ("Mon, 03 Jun 2024 11:00:00 GMT", None)):
    clock = Clock()
    transport = Scripted(clock, [status(429, header), OK])
    make(transport, clock, give_up_after=30).track("1Z")
    if expected is None:
        assert 0.25 <= clock.sleeps[0] <= 0.5, (header, clock.sleeps)  # our own backoff
    else:
        assert clock.sleeps == [expected], (header, clock.sleeps)

# No send starts after give_up_after, even when sends are slow.
for seed in range(100):
    clock = Clock()
    start = clock.t
    transport = Scripted(clock, [status(503, random.Random(seed).choice([None, "2", "7"]))] * 10, send_takes=3.0)
    fails(lambda: make(transport, clock, seed, max_attempts=10, give_up_after=20).track("1Z"))
    assert all(t <= start + 20 for t in transport.sent_at), transport.sent_at

# Requests: the key goes in the header of every attempt and never into the logs; paths are quoted.
records = []
handler = logging.Handler()
handler.emit = lambda record: records.append(record.getMessage())
logging.getLogger("carrier").addHandler(handler)
clock = Clock()
transport = Scripted(clock, [status(502), ResponseError("reset"), OK])
make(transport, clock).track("../labels?x=1")
assert [r.path for r in transport.requests] == ["/v2/tracking/..%2Flabels%3Fx%3D1"] * 3
assert all(r.headers["authorization"] == "Bearer sk_live_SECRET" for r in transport.requests)
assert len(records) == 2 and not any("sk_live_SECRET" in message for message in records), records
print("ok")
