import gzip
import unittest

from helpdesk.admin import RoutingAdmin
from helpdesk.http import Principal, Request
from helpdesk.patterns import PatternError, parse_pattern
from helpdesk.routing import Router, Rule
from helpdesk.rules_import import MAX_CSV_BYTES, MAX_RULES

ADMIN = Principal("u1", frozenset({"routing.admin"}))


class PatternTest(unittest.TestCase):
    def test_wildcards(self):
        router = Router([Rule("eu", "*@*.example.com"), Rule("vip", "CEO@Acme.com"), Rule("acme", "*@acme.com")], "triage")
        self.assertEqual(router.route("ann@eu.example.com"), "eu")
        self.assertEqual(router.route("ann@example.com"), "triage")
        self.assertEqual(router.route("ann@a.eu.example.com"), "triage")
        self.assertEqual(router.route(" ceo@ACME.com"), "vip")
        self.assertEqual(router.route("bob@acme.com"), "acme")
        self.assertEqual(router.route("bob@acme.com.evil.test"), "triage")

    def test_bad_patterns(self):
        for text in ["", "example.com", "a*b@example.com", "*@example.*", "*@*", "a@@b.com", "a@-x.com", "*@a..b"]:
            with self.assertRaises(PatternError, msg=text):
                parse_pattern(text)
        self.assertEqual(parse_pattern(" Help.Desk+EU@Example.COM "), "help.desk+eu@example.com")


class ImportTest(unittest.TestCase):
    def setUp(self):
        self.router = Router([Rule("old", "*@old.example")], "triage")
        self.admin = RoutingAdmin(self.router)

    def upload(self, body, encoding=None):
        headers = {"content-encoding": encoding} if encoding else {}
        return self.admin.handle(Request("PUT", "/admin/routing-rules", headers=headers, body=body, principal=ADMIN))

    def test_replaces_the_rules_in_order(self):
        body = b"sender,team\r\n*@*.example.com,eu\r\n\r\nceo@acme.com,vip\r\n*@acme.com,acme\r\n"
        response = self.upload(body)
        self.assertEqual(response.status, 200, response.body)
        self.assertEqual([r.sender for r in self.router.rules], ["*@*.example.com", "ceo@acme.com", "*@acme.com"])
        self.assertEqual(self.router.route("x@old.example"), "triage")

    def test_gzip_upload(self):
        response = self.upload(gzip.compress(b"\xef\xbb\xbfsender,team\n*@acme.com,acme\n"), "gzip")
        self.assertEqual(response.status, 200, response.body)
        self.assertEqual(self.router.route("bob@acme.com"), "acme")

    def test_refuses_bad_files_and_keeps_the_old_rules(self):
        rows = "".join(f"*@d{n}.example,team-{n % 7}\n" for n in range(MAX_RULES + 1))
        for body, encoding in [
            (b"", None),
            (b"sender,team\n", None),
            (b"sender;team\n*@acme.com;acme\n", None),
            (b"sender,team\n*@acme.com,Acme Sales\n", None),
            (b"sender,team\n*@acme.com,acme\n*@ACME.com,other\n", None),
            (("sender,team\n" + rows).encode(), None),
            (b"sender,team\n" + b"x" * MAX_CSV_BYTES, None),
            (gzip.compress(b"sender,team\n" + b" " * MAX_CSV_BYTES), "gzip"),
            (gzip.compress(b"sender,team\n*@acme.com,acme\n")[:-6], "gzip"),
            (b"sender,team\n*@acme.com,acme\n", "br"),
            (b"sender,team\n\xff@acme.com,acme\n", None),
        ]:
            response = self.upload(body, encoding)
            self.assertEqual(response.status, 400, (body[:40], encoding))
            self.assertIn("error", response.json())
        self.assertEqual([r.sender for r in self.router.rules], ["*@old.example"])

    def test_exactly_the_maximum_is_fine(self):
        rows = "".join(f"*@d{n}.example,team-{n % 7}\n" for n in range(MAX_RULES))
        self.assertEqual(self.upload(("sender,team\n" + rows).encode()).status, 200)
        self.assertEqual(len(self.router.rules), MAX_RULES)

    def test_match_endpoint(self):
        self.upload(b"sender,team\n*@acme.com,acme\n")
        request = Request("GET", "/admin/routing-rules/match", query={"sender": "Bob@Acme.com"}, principal=ADMIN)
        self.assertEqual(self.admin.handle(request).json()["rule"], {"team": "acme", "sender": "*@acme.com"})


if __name__ == "__main__":
    unittest.main()
