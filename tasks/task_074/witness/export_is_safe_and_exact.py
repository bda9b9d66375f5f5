"""The timesheet export's doubtful-looking spots behave correctly.

- hours are not formula-escaped although negative ones start with '-': they are Decimals
  (models.Entry guarantees finite, at most 2 places) and stay numbers;
- the UTF-8 BOM comes once, although every row is encoded separately (incremental encoder);
- io.StringIO without newline="" does not turn csv's \r\n into \r\r\n;
- the column lookup after a UnicodeEncodeError always finds the cell (the CSV punctuation is ASCII);
- the utf-8-sig body is labelled charset=utf-8.
"""

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal

from app.timesheets.cells import text_cell
from app.timesheets.export import ExportEncodingError, to_csv
from app.timesheets.models import Entry
from app.web.http import Request
from app.web.timesheets import export_timesheets


def entry(person="Ana", project="Website", hours="7.5", notes=""):
    return Entry(dt.date(2025, 3, 3), person, project, Decimal(hours), True, notes)


def read(data, codec):
    return list(csv.reader(io.StringIO(data.decode(codec), newline="")))


# Formula triggers, also after leading spaces; text cells only.
for value in ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "   =1", " -2"]:
    assert text_cell(value) == "'" + value, f"{value!r} is not neutralised: {text_cell(value)!r}"
for value in ["Ana", "a=b", "1-2", "", "x@y"]:
    assert text_cell(value) == value, f"{value!r} changed to {text_cell(value)!r}"

# Hours stay numbers, negative ones included, and add up.
entries = [entry(hours=h) for h in ["7.5", "-1.25", "24", "-24", "0.01", "1E+1"]]
rows = read(to_csv(entries, "utf-8"), "utf-8")
hours = [row[3] for row in rows[1:]]
assert hours == ["7.50", "-1.25", "24.00", "-24.00", "0.01", "10.00"], hours
assert sum(Decimal(h) for h in hours) == Decimal("16.26"), hours

# One BOM at the very start, however many rows and wherever the non-ASCII text is.
many = [entry(person=f"Zoë {i}", notes="naïve\nsecond line") for i in range(200)]
data = to_csv(many)
assert data.startswith(codecs.BOM_UTF8), data[:10]
assert data.count(codecs.BOM_UTF8) == 1, f"{data.count(codecs.BOM_UTF8)} byte order marks"
assert b"\r\r\n" not in data and data.count(b"\r\n") == 201, "line endings are wrong"
rows = read(data, "utf-8-sig")
assert len(rows) == 201 and rows[200][1] == "Zoë 199" and rows[200][5] == "naïve\nsecond line", rows[200]
assert to_csv([], "utf-8") == b"date,person,project,hours,billable,notes\r\n"
assert to_csv([]) == codecs.BOM_UTF8 + b"date,person,project,hours,billable,notes\r\n"

# Windows-1252 round trip, and refusal naming the right cell (never a StopIteration).
data = to_csv([entry(person="José", notes='5 € "parking", =SUM')], "windows-1252")
assert read(data, "cp1252")[1][1] == "José" and read(data, "cp1252")[1][5] == '5 € "parking", =SUM'
cases = [
    ([entry(), entry(project="Łódź")], "windows-1252", (3, "project", "Ł")),
    ([entry(notes="ok"), entry(), entry(), entry(notes="a,\"b\"\n→")], "windows-1252", (5, "notes", "→")),
    ([entry(person="=Łukasz", notes="Ł")], "windows-1252", (2, "person", "Ł")),
    ([entry(notes="bad \ud800 surrogate")], "utf-8", (2, "notes", "\ud800")),
    ([entry(notes="bad \ud800")], "excel", (2, "notes", "\ud800")),
]
for entries, encoding, expected in cases:
    try:
        to_csv(entries, encoding)
    except ExportEncodingError as exc:
        assert (exc.row, exc.column, exc.char) == expected, ((exc.row, exc.column, exc.char), expected)
    else:
        raise AssertionError(f"{expected} was exported in {encoding}")


# The handler: charset labels and refusals.
class Repo:
    def __init__(self, entries):
        self.entries = entries

    def entries_for_month(self, team_id, month):
        return self.entries


repo = Repo([entry(person="Zoë")])
for encoding, content_type, prefix in [
    (None, "text/csv; charset=utf-8", codecs.BOM_UTF8),
    ("excel", "text/csv; charset=utf-8", codecs.BOM_UTF8),
    ("utf-8", "text/csv; charset=utf-8", b"date,"),
    ("windows-1252", "text/csv; charset=windows-1252", b"date,"),
]:
    query = {"month": "2025-03"} if encoding is None else {"month": "2025-03", "encoding": encoding}
    response = export_timesheets(Request(1, query), repo)
    assert response.status == 200, (encoding, response.status, response.body)
    assert response.headers["Content-Type"] == content_type, (encoding, response.headers)
    assert response.body.startswith(prefix), (encoding, response.body[:10])
    assert response.headers["Content-Disposition"] == 'attachment; filename="timesheets-2025-03.csv"'
assert export_timesheets(Request(1, {"month": "2025-03", "encoding": "utf-8-sig"}), repo).status == 400
response = export_timesheets(Request(1, {"month": "2025-03", "encoding": "windows-1252"}), Repo([entry(notes="日本")]))
assert response.status == 422 and b"row 2, column notes" in response.body, response
print("ok")
