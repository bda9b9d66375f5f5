import sqlite3
import unittest

from taskq.http import Principal, Request, dispatch
from taskq.store import SpecStore

ADMIN = Principal("u1", "acme", frozenset({"jobs:read", "jobs:write"}))
READER = Principal("u2", "acme", frozenset({"jobs:read"}))
OTHER = Principal("u3", "globex", frozenset({"jobs:read", "jobs:write"}))
NIGHTLY = b'{"name": "nightly", "job_type": "report_export", "schedule": "0 3 * * *", "params": {"format": "csv"}}'
HOURLY = (
    b'{"name": "hourly", "job_type": "http_call", "schedule": "0 * * * *", "timeout_seconds": 30,'
    b' "params": {"url": "https://example.com/ping"}, "active_from": "2024-06-01"}'
)


class ApiTestCase(unittest.TestCase):
    def setUp(self):
        conn = sqlite3.connect(":memory:")
        self.addCleanup(conn.close)
        self.store = SpecStore(conn)

    def call(self, method, path, principal=ADMIN, body=b"", **query):
        return dispatch(Request(method, path, principal, body, query), self.store)


class JobsApiTest(ApiTestCase):
    def test_create_get_list_delete(self):
        self.assertEqual(self.call("POST", "/jobs", body=NIGHTLY).status, 201)
        self.assertEqual(self.call("GET", "/jobs/nightly").json_body()["schedule"], "0 3 * * *")
        self.assertEqual([job["name"] for job in self.call("GET", "/jobs", READER).json_body()], ["nightly"])
        self.assertEqual(self.call("POST", "/jobs", body=NIGHTLY).status, 409)
        self.assertEqual(self.call("DELETE", "/jobs/nightly").status, 204)
        self.assertEqual(self.call("GET", "/jobs/nightly").status, 404)

    def test_rejects_bad_specs(self):
        for body in [b"not json", b"[]", b'{"name": "x"}', NIGHTLY.replace(b"0 3 * * *", b"every night")]:
            response = self.call("POST", "/jobs", body=body)
            self.assertEqual(response.status, 400, body)
            self.assertIn("error", response.json_body())

    def test_scopes_and_tenants(self):
        self.assertEqual(self.call("POST", "/jobs", READER, body=NIGHTLY).status, 403)
        self.assertEqual(self.call("GET", "/jobs", None).status, 401)
        self.call("POST", "/jobs", body=NIGHTLY)
        self.assertEqual(self.call("GET", "/jobs/nightly", OTHER).status, 404)
        self.assertEqual(self.call("GET", "/jobs", OTHER).json_body(), [])


class ExportImportTest(ApiTestCase):
    def setUp(self):
        super().setUp()
        for body in (NIGHTLY, HOURLY):
            self.assertEqual(self.call("POST", "/jobs", body=body).status, 201)

    def test_copies_every_job_to_another_workspace(self):
        export = self.call("GET", "/job-export", READER)
        self.assertEqual(export.status, 200)
        self.assertEqual(export.headers["Content-Disposition"], 'attachment; filename="acme.taskq-jobs"')
        imported = self.call("POST", "/job-import", OTHER, body=export.body)
        self.assertEqual((imported.status, imported.json_body()), (201, {"imported": ["hourly", "nightly"]}))
        for name in ("hourly", "nightly"):
            self.assertEqual(
                self.call("GET", f"/jobs/{name}", OTHER).json_body(), self.call("GET", f"/jobs/{name}").json_body()
            )

    def test_exports_one_job(self):
        export = self.call("GET", "/job-export", name="hourly")
        self.assertEqual(export.headers["Content-Disposition"], 'attachment; filename="hourly.taskq-jobs"')
        self.assertEqual(self.call("POST", "/job-import", OTHER, body=export.body).json_body(), {"imported": ["hourly"]})
        self.assertEqual(self.call("GET", "/job-export", name="missing").status, 404)

    def test_names_taken_need_overwrite(self):
        export = self.call("GET", "/job-export")
        self.call("DELETE", "/jobs/hourly")
        conflict = self.call("POST", "/job-import", body=export.body)
        self.assertEqual(conflict.status, 409)
        self.assertIn("nightly", conflict.json_body()["error"])
        self.assertEqual(self.call("GET", "/jobs/hourly").status, 404, "nothing was imported")
        self.assertEqual(self.call("POST", "/job-import", body=export.body, overwrite="1").status, 200)
        self.assertEqual(self.call("GET", "/jobs/hourly").json_body()["timeout_seconds"], 30)

    def test_rejects_other_files(self):
        export = self.call("GET", "/job-export").body
        for body in [b"", NIGHTLY, export.replace(b"export/1", b"export/2"), export[:40], b"taskq-jobs-export/1\n"]:
            response = self.call("POST", "/job-import", body=body)
            self.assertEqual(response.status, 400, body)
            self.assertIn("cannot import", response.json_body()["error"])

    def test_import_needs_write_scope(self):
        export = self.call("GET", "/job-export", READER).body
        self.assertEqual(self.call("POST", "/job-import", READER, body=export).status, 403)


if __name__ == "__main__":
    unittest.main()
