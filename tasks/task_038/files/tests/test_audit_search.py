import unittest
from datetime import datetime
from unittest import mock

from app.audit import store
from app.web.http import Principal, Request
from app.web.routes import dispatch

AUDITOR = Principal("u_1", "acme", frozenset({"audit.read"}))
EVENTS = [  # (recorded at, tenant, actor, action)
    ("2024-05-01T08:00:00+00:00", "acme", "u_1", "user.login"),
    ("2024-05-01T09:00:00+00:00", "acme", "u_2", "user.password.reset"),
    ("2024-05-01T23:30:00+00:00", "acme", "u_2", "billing.card.added"),
    ("2024-05-02T10:00:00+00:00", "acme", "u_1", "username.changed"),
    ("2024-05-02T11:00:00+00:00", "globex", "u_9", "user.login"),
]


class AuditSearchTest(unittest.TestCase):
    def setUp(self):
        self.db = store.connect(":memory:")
        self.addCleanup(self.db.close)
        for when, tenant, actor, action in EVENTS:
            with mock.patch.object(store, "utcnow", return_value=datetime.fromisoformat(when)):
                store.record(self.db, tenant, actor, action, target=f"user:{actor}")

    def get(self, query, principal=AUDITOR):
        return dispatch(Request("GET", "/admin/audit", query, principal), self.db)

    def actions(self, query):
        response = self.get(query)
        self.assertEqual(response.status, 200, response.body)
        return [event["action"] for event in response.json()["events"]]

    def test_newest_first_within_the_tenant(self):
        everything = ["username.changed", "billing.card.added", "user.password.reset", "user.login"]
        self.assertEqual(self.actions(""), everything)

    def test_filters(self):
        self.assertEqual(self.actions("actor=u_2"), ["billing.card.added", "user.password.reset"])
        self.assertEqual(self.actions("action=user.*"), ["user.password.reset", "user.login"])
        self.assertEqual(self.actions("action=billing.*&action=user.login"), ["billing.card.added", "user.login"])
        self.assertEqual(self.actions("target=user:u_1&action=user.*"), ["user.login"])
        self.assertEqual(self.actions("since=2024-05-01T10:00Z&until=2024-05-02"), ["billing.card.added"])
        self.assertEqual(self.actions("since=2024-05-02T01:00%2B02:00"), ["username.changed", "billing.card.added"])

    def test_next_link_pages_through_the_same_search(self):
        first = self.get("action=user.*&action=username.changed&limit=2").json()
        self.assertEqual([e["action"] for e in first["events"]], ["username.changed", "user.password.reset"])
        second = self.get(first["next"].partition("?")[2]).json()
        self.assertEqual([e["action"] for e in second["events"]], ["user.login"])
        self.assertIsNone(second["next"])
        self.assertIsNone(self.get("limit=4").json()["next"])

    def test_rejects_bad_parameters(self):
        for query in ("tenant=globex", "limit=0", "limit=201", "before=abc", "before=0", "action=User.Login",
                      "action=user.", "since=yesterday", "since=2024-05-01T10:00", "until=0001-01-01T00:00%2B01"):
            with self.subTest(query=query):
                self.assertEqual(self.get(query).status, 400)

    def test_needs_the_audit_permission(self):
        self.assertEqual(self.get("", principal=None).status, 401)
        self.assertEqual(self.get("", principal=Principal("u_3", "acme")).status, 403)

