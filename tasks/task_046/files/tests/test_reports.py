import json
import unittest
from datetime import date
from unittest import mock

from app import db as database
from app.auth import Principal
from app.web.http import Request
from app.web.routes import dispatch

ANA, BO, ADA, MEL = Principal(1, 1, "analyst"), Principal(2, 1, "analyst"), Principal(3, 1, "admin"), Principal(4, 1)
GLOBEX_ANALYST = Principal(5, 2, "analyst")
EVERYONE = (ANA, BO, ADA, MEL, GLOBEX_ANALYST)
ORDERS = [  # tenant, placed_at, region, plan, channel, amount_cents
    (1, "2024-05-20T09:00:00+00:00", "emea", "pro", "web", 5000),
    (1, "2024-05-21T10:00:00+00:00", "emea", "team", "sales", 20000),
    (1, "2024-05-21T23:59:59+00:00", "apac", "pro", "web", 5000),
    (1, "2024-05-22T08:00:00+00:00", "amer", "pro", "web", 7000),
    (1, "2024-04-01T08:00:00+00:00", "amer", "team", "sales", 90000),
    (2, "2024-05-21T12:00:00+00:00", "emea", "pro", "web", 999999),
]


class ReportsTest(unittest.TestCase):
    def setUp(self):
        self.db = database.connect()
        self.addCleanup(self.db.close)
        self.db.executemany("INSERT INTO tenants VALUES (?, ?)", [(1, "acme"), (2, "globex")])
        users = [(u.user_id, u.tenant_id, f"{u.user_id}@example.com", u.role) for u in EVERYONE]
        self.db.executemany("INSERT INTO users VALUES (?, ?, ?, 'x', ?)", users)
        self.db.executemany("INSERT INTO orders VALUES (NULL, ?, ?, ?, ?, ?, ?)", ORDERS)

    def call(self, method, path, principal, body=None, query=None):
        request = Request(method, path, query or {}, json.dumps(body).encode() if body else b"", principal)
        return dispatch(request, self.db)

    def save(self, principal, name, shared=False):
        definition = {"dimension": "region", "metrics": ["orders", "revenue"]}
        body = {"name": name, "definition": definition, "shared": shared}
        response = self.call("POST", "/admin/reports", principal, body)
        self.assertEqual(response.status, 201, response.payload)
        return response.payload["id"]

    def test_visibility(self):
        mine, team, private = self.save(ANA, "Mine"), self.save(BO, "Team", shared=True), self.save(BO, "Bo's")
        names = lambda principal: [r["name"] for r in self.call("GET", "/admin/reports", principal).payload["reports"]]
        self.assertEqual(names(ANA), ["Team", "Mine"])
        self.assertEqual(names(ADA), ["Bo's", "Team", "Mine"])
        self.assertEqual(names(GLOBEX_ANALYST), [])
        for report, status in ((mine, 200), (team, 200), (private, 404)):
            self.assertEqual(self.call("GET", f"/admin/reports/{report}/rows", ANA).status, status)
        self.assertEqual(self.call("GET", f"/admin/reports/{private}/rows", GLOBEX_ANALYST).status, 404)
        self.assertEqual([self.call("GET", "/admin/reports", p).status for p in (MEL, None)], [403, 401])
        bad = {"name": "x", "definition": {"dimension": "region", "metrics": ["orders"], "days": True}}
        self.assertEqual(self.call("POST", "/admin/reports", ANA, bad).status, 400)

    def test_rows_sorted(self):
        report = self.save(ANA, "By region")
        get = lambda sort: self.call("GET", f"/admin/reports/{report}/rows", ANA, query={"sort": sort} if sort else {})
        regions = lambda sort=None: [row["region"] for row in get(sort).payload["rows"]]
        with mock.patch("app.reports.query.datetime") as clock:
            clock.now.return_value.date.return_value = date(2024, 5, 22)
            self.assertEqual(regions(), ["amer", "apac", "emea"])
            self.assertEqual(get("region").payload["rows"][0], {"region": "amer", "orders": 1, "revenue": 7000})
            self.assertEqual(get("-revenue").payload["rows"][0], {"region": "emea", "orders": 2, "revenue": 25000})
            self.assertEqual(regions("-orders,region"), ["emea", "amer", "apac"])
            self.assertEqual(regions("orders,-region"), ["apac", "amer", "emea"])
            for bad in ("price", "-", "average", "Region"):
                self.assertEqual(get(bad).status, 400, bad)
