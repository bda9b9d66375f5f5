import csv
import os
import tempfile
import unittest
import uuid
from unittest import mock

from app.contacts import export, importer
from app.contacts.model import from_csv_cell, to_csv_cell
from app.db import Pool
from app.jobs import runner, store

OWNER, OTHER = 1, 2


class ContactsCsvJobsTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.pool = Pool(os.path.join(tmp.name, "app.db"), size=2, timeout=1.0)
        self.ctx = runner.JobContext(pool=self.pool, data_dir=tmp.name)
        os.makedirs(os.path.join(tmp.name, "uploads"))
        with self.pool.connection() as conn, conn:
            conn.executemany(
                "INSERT INTO contacts (owner_id, email, name, phone, company) VALUES (?, ?, ?, ?, ?)",
                [
                    (OWNER, "ada@example.com", "Ada Lovelace", "+44 20 7946 0000", None),
                    (OWNER, "bob@example.com", "=HYPERLINK(\"http://x\")", None, "'Quoted' Ltd"),
                ],
            )

    def run_job(self, kind, owner_id=OWNER, **params):
        with self.pool.connection() as conn:
            job_id = store.create(conn, kind, owner_id, params)
        self.assertTrue(runner.run_one(self.ctx))
        with self.pool.connection() as conn:
            return store.get(conn, job_id)

    def upload(self, text):
        upload_id = uuid.uuid4().hex
        with open(os.path.join(self.ctx.data_dir, "uploads", f"{upload_id}.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        return upload_id

    def contacts(self, owner_id):
        with self.pool.connection() as conn:
            return conn.execute(
                "SELECT email, name, phone, company FROM contacts WHERE owner_id = ? ORDER BY email", (owner_id,)
            ).fetchall()

    def test_export_then_import_round_trips(self):
        job = self.run_job("contacts.export")
        self.assertEqual(job["status"], "succeeded", job)
        self.assertEqual(job["result"]["rows"], 2)
        path = os.path.join(export.export_dir(self.ctx), job["result"]["file"])
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[1], ["ada@example.com", "Ada Lovelace", "'+44 20 7946 0000", ""])
        self.assertEqual(rows[2][1], "'=HYPERLINK(\"http://x\")")
        with open(path, encoding="utf-8") as f:
            upload_id = self.upload(f.read())
        job = self.run_job("contacts.import", owner_id=OTHER, upload_id=upload_id)
        self.assertEqual(job["result"], {"imported": 2, "skipped": 0, "problems": []})
        self.assertEqual(self.contacts(OTHER), self.contacts(OWNER))

    def test_import_skips_invalid_rows(self):
        upload_id = self.upload(
            "Name,E-mail,Email,Phone\n"
            "Carol,,carol@example.com,\n"
            "Dan,,not-an-email,\n"
            ",,erin@example.com,\n"
            "Ada L.,,ADA@example.com,\n"
        )
        job = self.run_job("contacts.import", upload_id=upload_id)
        self.assertEqual(job["status"], "succeeded", job)
        self.assertEqual(job["result"]["imported"], 2)
        self.assertEqual([p["line"] for p in job["result"]["problems"]], [3, 4])
        self.assertIn(("ada@example.com", "Ada L.", "+44 20 7946 0000", None), self.contacts(OWNER))

    def test_import_missing_column_fails_and_changes_nothing(self):
        job = self.run_job("contacts.import", upload_id=self.upload("email,phone\nzed@example.com,123456\n"))
        self.assertEqual(job, {"status": "failed", "result": None, "error": "Missing column(s): name."})
        self.assertEqual(len(self.contacts(OWNER)), 2)

    def test_import_bad_upload_id_is_an_internal_error(self):
        job = self.run_job("contacts.import", upload_id="../../etc/passwd")
        self.assertEqual(job["error"], runner.INTERNAL_ERROR)

    def test_export_too_large(self):
        with mock.patch.object(export, "MAX_EXPORT_ROWS", 1):
            job = self.run_job("contacts.export")
        self.assertEqual(job["status"], "failed")
        self.assertEqual(job["error"], "You have 2 contacts; an export can hold at most 1.")
        self.assertEqual(os.listdir(export.export_dir(self.ctx)), [])

    def test_csv_cells(self):
        for value in ["plain", "=1+1", "+44 1", "-5", "@SUM(A1)", "'quoted", "''", "'=x", ""]:
            self.assertEqual(from_csv_cell(to_csv_cell(value)), value)
        self.assertEqual(to_csv_cell(None), "")
        self.assertEqual(from_csv_cell("'plain"), "'plain")
