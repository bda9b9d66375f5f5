import json
import unittest

from gateway.accounts import Account, KeyDirectory
from gateway.app import Gateway
from gateway.http import Request
from gateway.messages import CarrierError
from gateway.usage import DAY, UsageStore

NOON = 19_800 * DAY + DAY // 2  # 2024-03-18 12:00 UTC


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def numbers(count, start=0):
    return [f"+1555010{n:04d}" for n in range(start, start + count)]


class QuotaTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock(NOON)
        self.usage = UsageStore(self.clock)
        self.fail_carrier = False
        keys = KeyDirectory()
        keys.add("key-1", Account("acc-1", "free", "ACME"))
        keys.add("key-2", Account("acc-1", "free", "ACME"))  # a second key of the same account
        keys.add("key-3", Account("acc-2", "free", "GLOBEX"))
        self.gateway = Gateway(keys, self.transport, self.usage)

    def transport(self, sender_id, to, text):
        if self.fail_carrier:
            raise CarrierError("throttled")
        return [f"m-{n}" for n in to]

    def send(self, count, key="key-1", start=0):
        body = json.dumps({"to": numbers(count, start), "text": "hello"}).encode()
        return self.gateway.handle(Request("POST", "/v1/messages", {"Authorization": f"Bearer {key}"}, body))

    def usage_of(self, key="key-1"):
        response = self.gateway.handle(Request("GET", "/v1/usage", {"Authorization": f"Bearer {key}"}))
        return json.loads(response.body)

    def test_counts_recipients_and_reports_them(self):
        response = self.send(10)
        self.assertEqual(response.status, 202)
        self.assertEqual(response.headers["X-Quota-Remaining"], "90")
        self.assertEqual(response.headers["X-Quota-Reset"], str(DAY // 2))
        self.assertEqual(self.usage_of(), {"limit": 100, "used": 10, "remaining": 90, "reset_after": DAY // 2})

    def test_quota_is_per_account_not_per_key(self):
        for n in range(5):
            self.assertEqual(self.send(10, key="key-1" if n % 2 else "key-2").status, 202)
        self.assertEqual(self.usage_of("key-1")["used"], 50)
        self.assertEqual(self.usage_of("key-3")["used"], 0)

    def test_refuses_what_does_not_fit(self):
        for n in range(9):
            self.assertEqual(self.send(10).status, 202)
        response = self.send(10, start=90)
        self.assertEqual(response.status, 202)  # exactly the limit is allowed
        response = self.send(1)
        self.assertEqual(response.status, 429)
        self.assertEqual(response.headers["Retry-After"], str(DAY // 2))
        self.assertEqual(response.headers["X-Quota-Remaining"], "0")
        self.assertEqual(self.usage_of()["used"], 100)

    def test_failed_and_invalid_requests_cost_nothing(self):
        self.fail_carrier = True
        self.assertEqual(self.send(5).status, 502)
        self.fail_carrier = False
        body = json.dumps({"to": ["not a number"], "text": "x"}).encode()
        response = self.gateway.handle(Request("POST", "/v1/messages", {"Authorization": "Bearer key-1"}, body))
        self.assertEqual(response.status, 400)
        self.assertEqual(self.usage_of()["used"], 0)

    def test_starts_over_at_midnight_utc(self):
        for n in range(10):
            self.send(10)
        self.assertEqual(self.send(1).status, 429)
        self.clock.now = NOON + DAY // 2 - 1
        self.assertEqual(self.send(1).status, 429)
        self.clock.now = NOON + DAY // 2
        response = self.send(1)
        self.assertEqual(response.status, 202)
        self.assertEqual(response.headers["X-Quota-Reset"], str(DAY))

    def test_account_endpoint_is_not_metered(self):
        for n in range(10):
            self.send(10)
        response = self.gateway.handle(Request("GET", "/v1/account", {"Authorization": "Bearer key-1"}))
        self.assertEqual(response.status, 200)


if __name__ == "__main__":
    unittest.main()
