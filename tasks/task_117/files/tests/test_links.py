import json
import time
import unittest
from unittest import mock

from sharing.links import InvalidLink, LinkExpired, ShareLinks
from sharing.mailer import Outbox
from sharing.store import DocumentStore
from sharing.web import App


def token_of(message):
    return message.body.split("/s/", 1)[1].split()[0]


class ShareLinksTest(unittest.TestCase):
    def setUp(self):
        self.store = DocumentStore()
        self.outbox = Outbox()
        self.links = ShareLinks("test-secret", self.store, self.outbox, "https://docs.example/")
        self.doc = self.store.create("ann", "Q3 plan", "draft")
        self.app = App(self.store, self.links)

    def share(self, email="bob@example.com", permission="view"):
        status = self.app.handle("POST", f"/docs/{self.doc.id}/share", "ann",
                                 {"email": email, "permission": permission})[0]
        self.assertEqual(status, 202)
        return token_of(self.outbox.sent[-1])

    def test_open_shared_document(self):
        token = self.share(permission="comment")
        self.assertEqual(self.outbox.sent[-1].to, "bob@example.com")
        status, _, body = self.app.handle("GET", f"/s/{token}")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["permission"], "comment")

    def test_only_owner_shares(self):
        status = self.app.handle("POST", f"/docs/{self.doc.id}/share", "eve", {"email": "eve@x.test"})[0]
        self.assertEqual(status, 404)
        self.assertEqual(self.outbox.sent, [])

    def test_tampered_link(self):
        token = self.share()
        with self.assertRaises(InvalidLink):
            self.links.open(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
        self.assertEqual(self.app.handle("GET", "/s/garbage")[0], 404)

    def test_stop_sharing_voids_links(self):
        token = self.share()
        self.assertEqual(self.app.handle("POST", f"/docs/{self.doc.id}/stop-sharing", "ann")[0], 204)
        with self.assertRaises(InvalidLink):
            self.links.open(token)
        self.assertEqual(self.app.handle("POST", f"/s/{token}/renew")[0], 404)

    def test_expired_link_is_renewed_to_the_same_address(self):
        token = self.share()
        later = time.time() + 15 * 24 * 3600
        with mock.patch("time.time", return_value=later):
            with self.assertRaises(LinkExpired):
                self.links.open(token)
            self.assertEqual(self.app.handle("GET", f"/s/{token}")[0], 410)
            status, _, body = self.app.handle("POST", f"/s/{token}/renew")
            self.assertEqual((status, json.loads(body)["sent_to"]), (202, "b***@example.com"))
            fresh = token_of(self.outbox.sent[-1])
            self.assertEqual(self.outbox.sent[-1].to, "bob@example.com")
            self.assertEqual(self.links.open(fresh).email, "bob@example.com")


if __name__ == "__main__":
    unittest.main()
