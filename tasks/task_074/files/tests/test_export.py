import codecs
import csv
import datetime as dt
import io
import unittest
from decimal import Decimal

from app.timesheets.cells import text_cell
from app.timesheets.export import ExportEncodingError, to_csv
from app.timesheets.models import Entry
from app.web.http import Request
from app.web.timesheets import export_timesheets

HEADER = ["date", "person", "project", "hours", "billable", "notes"]


def entry(person="Ana", project="Website", hours="7.5", billable=True, notes=""):
    return Entry(dt.date(2025, 3, 3), person, project, Decimal(hours), billable, notes)


def read(data, codec="utf-8-sig"):
    return list(csv.reader(io.StringIO(data.decode(codec), newline="")))


class CellTest(unittest.TestCase):
    def test_formula_text_is_neutralised(self):
        for value in ["=1+1", "+44 20 7946 0958", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "  =HYPERLINK(1)"]:
            self.assertEqual(text_cell(value), "'" + value)

    def test_plain_text_is_kept(self):
        for value in ["Ana", "1+1=2", "", "e-mail", "'quoted'"]:
            self.assertEqual(text_cell(value), value)


class ExportTest(unittest.TestCase):
    def test_rows(self):
        data = to_csv([entry(notes="design, review")])
        self.assertEqual(read(data)[0], HEADER)
        self.assertEqual(read(data)[1], ["2025-03-03", "Ana", "Website", "7.50", "yes", "design, review"])

    def test_hours_stay_numbers(self):
        rows = read(to_csv([entry(hours="-1.25", billable=False)]))
        self.assertEqual(rows[1][3:5], ["-1.25", "no"])

    def test_formula_cells_in_export(self):
        rows = read(to_csv([entry(person="=cmd|' /C calc'!A0", notes="-2 hours moved")]))
        self.assertEqual(rows[1][1], "'=cmd|' /C calc'!A0")
        self.assertEqual(rows[1][5], "'-2 hours moved")

    def test_excel_gets_one_byte_order_mark(self):
        data = to_csv([entry(), entry(person="Zoë")])
        self.assertTrue(data.startswith(codecs.BOM_UTF8))
        self.assertEqual(data.count(codecs.BOM_UTF8), 1)
        self.assertEqual(read(data)[2][1], "Zoë")

    def test_multiline_notes(self):
        data = to_csv([entry(notes="line one\nline two")], "utf-8")
        self.assertFalse(data.startswith(codecs.BOM_UTF8))
        self.assertEqual(read(data, "utf-8")[1][5], "line one\nline two")
        self.assertNotIn(b"\r\r\n", data)

    def test_windows_1252(self):
        data = to_csv([entry(person="José", notes="5 € parking")], "windows-1252")
        self.assertEqual(read(data, "cp1252")[1][1], "José")
        self.assertIn("€".encode("cp1252"), data)

    def test_unencodable_cell_is_named(self):
        with self.assertRaises(ExportEncodingError) as caught:
            to_csv([entry(), entry(), entry(project="Łódź office")], "windows-1252")
        self.assertEqual((caught.exception.row, caught.exception.column), (4, "project"))


class Repo:
    def __init__(self, entries):
        self.entries = entries

    def entries_for_month(self, team_id, month):
        return self.entries


class HandlerTest(unittest.TestCase):
    def test_export(self):
        response = export_timesheets(Request(1, {"month": "2025-03"}), Repo([entry()]))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")

    def test_refusals(self):
        repo = Repo([entry(notes="日本")])
        self.assertEqual(export_timesheets(Request(1, {"month": "2025-13"}), repo).status, 400)
        self.assertEqual(export_timesheets(Request(1, {"month": "2025-03", "encoding": "latin-1"}), repo).status, 400)
        response = export_timesheets(Request(1, {"month": "2025-03", "encoding": "windows-1252"}), repo)
        self.assertEqual(response.status, 422)
        self.assertIn(b"row 2, column notes", response.body)
