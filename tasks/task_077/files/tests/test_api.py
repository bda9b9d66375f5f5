import json
import unittest

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from crm.api import Request, handle
from crm.store import ContactStore


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.store = ContactStore(TinyDB(storage=MemoryStorage))

    def call(self, method, path, body=None, user="alice"):
        return handle(self.store, Request(method, path, user, body=json.dumps(body).encode() if body is not None else b""))

    def test_search(self):
        self.call("POST", "/contacts", {"name": "Ann Lee", "tier": "gold"})
        self.call("POST", "/contacts", {"name": "Bo Chen", "tier": "silver"})
        response = self.call("POST", "/contacts/search", {"where": {"tier": "gold"}})
        self.assertEqual(response.status, 200)
        self.assertEqual([c["fields"]["name"] for c in response.body], ["Ann Lee"])

    def test_bulk_update(self):
        self.call("POST", "/contacts", {"name": "Ann Lee", "tier": "gold"})
        response = self.call("PATCH", "/contacts", {"where": {"tier": "gold"}, "set": {"tier": "platinum"}})
        self.assertEqual(response.body, {"updated": 1})

    def test_bulk_update_needs_where(self):
        response = self.call("PATCH", "/contacts", {"set": {"tier": "platinum"}})
        self.assertEqual(response.status, 400)

    def test_bad_filter_is_400(self):
        response = self.call("POST", "/contacts/search", {"where": {"tier": {"$ne": "x"}}})
        self.assertEqual(response.status, 400)


if __name__ == "__main__":
    unittest.main()
