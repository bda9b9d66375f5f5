import json
import unittest

from gateway.accounts import Account, KeyDirectory
from gateway.app import Gateway
from gateway.http import Request
from gateway.messages import CarrierError


def post(gateway, payload, key="key-1"):
    body = json.dumps(payload).encode()
    return gateway.handle(Request("POST", "/v1/messages", {"Authorization": f"Bearer {key}"}, body))


class MessagesTest(unittest.TestCase):
    def setUp(self):
        self.sent = []
        keys = KeyDirectory()
        keys.add("key-1", Account("acc-1", "free", "ACME"))
        self.gateway = Gateway(keys, self.transport)

    def transport(self, sender_id, numbers, text):
        self.sent.append((sender_id, tuple(numbers), text))
        return [f"m{n}" for n in range(len(numbers))]

    def test_sends_to_every_number(self):
        response = post(self.gateway, {"to": ["+15550100001", "+15550100002"], "text": "hi"})
        self.assertEqual(response.status, 202)
        self.assertEqual(self.sent, [("ACME", ("+15550100001", "+15550100002"), "hi")])
        self.assertEqual(len(json.loads(response.body)["messages"]), 2)

    def test_rejects_bad_bodies(self):
        for payload in [{"to": [], "text": "x"}, {"to": ["555"], "text": "x"}, {"to": ["+15550100001"]}, []]:
            self.assertEqual(post(self.gateway, payload).status, 400, payload)
        self.assertEqual(self.sent, [])

    def test_plan_limits_recipients(self):
        numbers = [f"+1555010{n:04d}" for n in range(11)]
        self.assertEqual(post(self.gateway, {"to": numbers, "text": "x"}).status, 400)

    def test_unknown_key(self):
        self.assertEqual(post(self.gateway, {"to": ["+15550100001"], "text": "x"}, key="nope").status, 401)

    def test_carrier_failure(self):
        def failing(sender_id, numbers, text):
            raise CarrierError("throttled")

        keys = KeyDirectory()
        keys.add("key-1", Account("acc-1", "free", "ACME"))
        self.assertEqual(post(Gateway(keys, failing), {"to": ["+15550100001"], "text": "x"}).status, 502)


if __name__ == "__main__":
    unittest.main()
