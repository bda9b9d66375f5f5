# `sort` must name columns of the report and nothing else. order_by validates it with re.match, which
# anchors only at the start: anything after a valid first key ("revenue,<SQL>", "orders*<SQL>") passes
# and is pasted into ORDER BY. The last payload is a boolean oracle on another tenant's user's
# password hash: the row order flips with the secret.
import sqlite3
from datetime import date

from app import db as database
from app.reports.query import ReportError, parse_definition, run_report

conn = database.connect()
conn.executemany("INSERT INTO tenants VALUES (?, ?)", [(1, "acme"), (2, "globex")])
conn.executemany(
    "INSERT INTO users VALUES (?, ?, ?, ?, ?)",
    [(1, 1, "ana@acme.test", "pbkdf2$ana", "analyst"), (9, 2, "boss@globex.test", "pbkdf2$secret", "admin")],
)
conn.executemany(
    "INSERT INTO orders VALUES (NULL, ?, ?, ?, ?, ?, ?)",
    [
        (1, "2024-05-20T09:00:00+00:00", "emea", "pro", "web", 5000),
        (1, "2024-05-21T10:00:00+00:00", "emea", "team", "sales", 20000),
        (1, "2024-05-22T08:00:00+00:00", "amer", "pro", "web", 7000),
        (2, "2024-05-21T12:00:00+00:00", "emea", "pro", "web", 999999),
    ],
)
TODAY = date(2024, 5, 22)


class Recording:
    """Records the SQL text handed to execute() (sqlite3's trace callback shows values inlined)."""

    def __init__(self, inner):
        self.inner = inner
        self.statements = []

    def execute(self, sql, params=()):
        self.statements.append(sql)
        return self.inner.execute(sql, params)


db = Recording(conn)
definition = parse_definition({"dimension": "region", "metrics": ["orders", "revenue"]})

# The feature works.
rows = run_report(db, 1, definition, sort="-revenue,region", today=TODAY)
assert [row["region"] for row in rows] == ["emea", "amer"], rows
assert [row["region"] for row in run_report(db, 1, definition, sort="orders", today=TODAY)] == ["amer", "emea"]

payloads = [
    "revenue,(SELECT password_hash FROM users WHERE id = 9)",
    "-orders,region DESC",
    "region LIMIT 0",
    "orders*(CASE WHEN (SELECT password_hash FROM users WHERE id = 9) LIKE 'pbkdf2$s%' THEN -1 ELSE 1 END)",
]
accepted = []
for payload in payloads:
    db.statements.clear()
    try:
        result = run_report(db, 1, definition, sort=payload, today=TODAY)
    except ReportError:
        assert db.statements == [], f"{payload!r} was rejected only after running SQL"
        continue
    except sqlite3.Error as exc:
        result = f"SQL error: {exc}"
    accepted.append(f"{payload!r} -> ORDER BY text {db.statements[-1].split('ORDER BY')[1]!r}, result {result}")
assert not accepted, "sort keys carrying SQL were accepted and executed: " + "; ".join(accepted)
