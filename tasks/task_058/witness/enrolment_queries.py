# Counts the SELECT statements a nightly re-sync runs (sqlite3's trace callback) instead of timing it:
# loading the students, the sections and the current enrolments must not take a query per student.
from datetime import datetime, timezone

from lms import db, roster
from lms.sync import ExportRow, sync_roster

TERM = "2024-fall"
NOW = datetime(2024, 9, 2, 6, 0, tzinfo=timezone.utc)
conn = db.connect()
codes = [f"SEC-{n:03d}" for n in range(60)]
conn.executemany("INSERT INTO sections (term, code, title) VALUES (?, ?, ?)", [(TERM, c, c) for c in codes])
conn.executemany("INSERT INTO sections (term, code, title) VALUES (?, ?, ?)", [("2024-spring", c, c) for c in codes])
conn.commit()


def export(shift):
    return [
        ExportRow(f"S{n:04d}", f"s{n}@school.example", f"Student {n}", TERM, codes[(n * 7 + k + shift * (n % 3 == 0)) % 60])
        for n in range(500)
        for k in range(4)
    ]


sync_roster(conn, export(0), TERM, now=NOW)  # first run: every student is new

statements = []
conn.set_trace_callback(statements.append)
report = sync_roster(conn, export(1), TERM, now=NOW)  # the nightly run: 500 known students, a few changes
conn.set_trace_callback(None)

assert (report.created, report.enrolled, report.dropped) == (0, 167, 167), report
enrolled = roster.term_enrolments(conn, TERM)
assert all(len(sections) == 4 for sections in enrolled.values()) and len(enrolled) == 500
selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
assert len(selects) <= 10, (
    f"re-syncing 500 known students ran {len(selects)} SELECT statements: a query per student "
    f"(e.g. {selects[-1]!r})"
)
print("ok", len(selects))
