import unittest

from links.store import LinkStore
from links.web import App


class WebTest(unittest.TestCase):
    def setUp(self):
        self.app = App(LinkStore(), abuse_team={"mod"})
        status, _, _ = self.app.handle("POST", "/api/links", "ann", {"code": "docs", "target": "https://example.com/docs"})
        self.assertEqual(status, 201)

    def tearDown(self):
        self.app.close()

    def test_redirect(self):
        status, headers, _ = self.app.handle("GET", "/docs")
        self.assertEqual((status, headers["Location"]), (302, "https://example.com/docs"))
        self.assertEqual(self.app.handle("GET", "/nope")[0], 404)

    def test_retarget_by_owner_only(self):
        self.assertEqual(self.app.handle("PUT", "/api/links/docs", "bob", {"target": "https://evil.test/"})[0], 404)
        self.assertEqual(self.app.handle("PUT", "/api/links/docs", "ann", {"target": "https://example.com/v2"})[0], 204)
        self.assertEqual(self.app.handle("GET", "/docs")[1]["Location"], "https://example.com/v2")

    def test_disable(self):
        self.assertEqual(self.app.handle("POST", "/api/links/docs/disable", "ann")[0], 403)
        self.assertEqual(self.app.handle("POST", "/api/links/docs/disable", "mod")[0], 204)
        self.assertEqual(self.app.handle("GET", "/docs")[0], 404)
        self.assertEqual(self.app.handle("POST", "/api/links/docs/enable", "mod")[0], 204)
        self.assertEqual(self.app.handle("GET", "/docs")[0], 302)

    def test_bad_input(self):
        self.assertEqual(self.app.handle("POST", "/api/links", "ann", {"code": "docs", "target": "https://x.test/"})[0], 409)
        self.assertEqual(self.app.handle("POST", "/api/links", "ann", {"code": "a b", "target": "https://x.test/"})[0], 400)
        self.assertEqual(self.app.handle("POST", "/api/links", "ann", {"code": "new", "target": "javascript:alert(1)"})[0], 400)


if __name__ == "__main__":
    unittest.main()
