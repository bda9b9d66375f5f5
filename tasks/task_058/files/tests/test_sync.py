import io
import unittest
from datetime import datetime, timezone

from lms import db, roster
from lms.sync import ExportFormatError, ExportRow, SyncAborted, read_export, sync_roster

EXPORT = """sis_id,email,name,term,section
S001,Ada.Lovelace@school.example,Ada  Lovelace,2024-fall,math-101
S001,Ada.Lovelace@school.example,Ada  Lovelace,2024-fall,PHYS-110
S002,alan.turing@school.example,Alan Turing,2024-fall,MATH-101
S003,,Grace Hopper,2024-fall,MATH-101
"""
NOW = datetime(2024, 9, 2, 6, 0, tzinfo=timezone.utc)


class ReadExportTest(unittest.TestCase):
    def test_reads_rows_and_reports_incomplete_ones(self):
        rows, problems = read_export(io.StringIO(EXPORT))
        self.assertEqual(
            [(row.sis_id, row.section) for row in rows],
            [("S001", "MATH-101"), ("S001", "PHYS-110"), ("S002", "MATH-101")],
        )
        self.assertEqual(rows[0].email, "ada.lovelace@school.example")
        self.assertEqual(rows[0].name, "Ada Lovelace")
        self.assertEqual(problems, ["line 5: incomplete row"])

    def test_missing_columns(self):
        with self.assertRaises(ExportFormatError):
            read_export(io.StringIO("sis_id,email,name\nS001,ada@school.example,Ada\n"))


class SyncRosterTest(unittest.TestCase):
    def setUp(self):
        self.conn = db.connect()
        self.addCleanup(self.conn.close)
        self.conn.executemany(
            "INSERT INTO sections (term, code, title) VALUES (?, ?, ?)",
            [
                ("2024-fall", "MATH-101", "Algebra"),
                ("2024-fall", "PHYS-110", "Mechanics"),
                ("2024-fall", "CHEM-100", "Chemistry"),
            ],
        )
        self.conn.commit()

    def sync(self, rows, **kwargs):
        return sync_roster(self.conn, rows, "2024-fall", now=NOW, **kwargs)

    def sections_of(self, sis_id):
        return roster.get_student(self.conn, sis_id).section_codes("2024-fall")

    def test_creates_students_and_enrolments(self):
        rows, _ = read_export(io.StringIO(EXPORT))
        report = self.sync(rows)
        self.assertEqual((report.created, report.updated, report.enrolled, report.dropped), (2, 0, 3, 0))
        self.assertEqual(self.sections_of("S001"), {"MATH-101", "PHYS-110"})
        self.assertEqual(self.sections_of("S002"), {"MATH-101"})

    def test_second_run_applies_only_the_changes(self):
        rows, _ = read_export(io.StringIO(EXPORT))
        self.sync(rows)
        rows[1] = ExportRow("S001", "ada.lovelace@school.example", "Ada Lovelace", "2024-fall", "CHEM-100")
        rows[2] = ExportRow("S002", "a.turing@school.example", "Alan Turing", "2024-fall", "MATH-101")
        report = self.sync(rows)
        self.assertEqual((report.created, report.updated, report.enrolled, report.dropped), (0, 1, 1, 1))
        self.assertEqual(self.sections_of("S001"), {"MATH-101", "CHEM-100"})
        self.assertEqual(roster.get_student(self.conn, "S002").email, "a.turing@school.example")

    def test_unknown_sections_and_other_terms_are_skipped(self):
        rows = [
            ExportRow("S001", "ada@school.example", "Ada", "2024-fall", "ART-200"),
            ExportRow("S001", "ada@school.example", "Ada", "2024-fall", "MATH-101"),
            ExportRow("S002", "alan@school.example", "Alan", "2025-spring", "MATH-101"),
        ]
        report = self.sync(rows)
        self.assertEqual(report.skipped, ["S001: unknown section ART-200", "S002: row for another term (2025-spring)"])
        self.assertEqual(self.sections_of("S001"), {"MATH-101"})
        self.assertIsNone(roster.get_student(self.conn, "S002"))

    def test_students_missing_from_the_export_are_deactivated(self):
        rows = [ExportRow(f"S{n:03d}", f"s{n}@school.example", f"S {n}", "2024-fall", "MATH-101") for n in range(10)]
        self.sync(rows)
        report = self.sync(rows[:-2])
        self.assertEqual(report.deactivated, 2)
        self.assertFalse(roster.get_student(self.conn, "S009").active)
        self.assertEqual(self.sections_of("S009"), {"MATH-101"}, "enrolments are kept")
        report = self.sync(rows)
        self.assertEqual((report.updated, report.deactivated), (2, 0))
        self.assertTrue(roster.get_student(self.conn, "S009").active)

    def test_refuses_to_deactivate_too_many(self):
        rows = [ExportRow(f"S{n:03d}", f"s{n}@school.example", f"S {n}", "2024-fall", "MATH-101") for n in range(10)]
        self.sync(rows)
        with self.assertRaises(SyncAborted):
            self.sync(rows[:5])
        self.assertTrue(roster.get_student(self.conn, "S009").active, "nothing was written")
        report = self.sync(rows[:5], max_deactivate_share=0.5)
        self.assertEqual(report.deactivated, 5)


if __name__ == "__main__":
    unittest.main()
