import json
import unittest

from sharing.links import ShareLinks
from sharing.mailer import Outbox
from sharing.store import DocumentStore
from sharing.web import App


class WebTest(unittest.TestCase):
    def setUp(self):
        self.store = DocumentStore()
        self.doc = self.store.create("ann", "Q3 plan", "draft")
        self.app = App(self.store, ShareLinks("test-secret", self.store, Outbox(), "https://docs.example"))

    def test_owner_reads_and_edits(self):
        status, _, body = self.app.handle("GET", f"/docs/{self.doc.id}", "ann")
        self.assertEqual((status, json.loads(body)["body"]), (200, "draft"))
        self.assertEqual(self.app.handle("PUT", f"/docs/{self.doc.id}", "ann", {"body": "v2"})[0], 204)
        self.assertEqual(self.store.get(self.doc.id).body, "v2")

    def test_others_get_404(self):
        self.assertEqual(self.app.handle("GET", f"/docs/{self.doc.id}", "bob")[0], 404)
        self.assertEqual(self.app.handle("GET", f"/docs/{self.doc.id}")[0], 404)
        self.assertEqual(self.app.handle("POST", f"/docs/{self.doc.id}/stop-sharing", "bob")[0], 404)


if __name__ == "__main__":
    unittest.main()
