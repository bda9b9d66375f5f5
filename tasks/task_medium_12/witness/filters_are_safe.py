# Clean PR: the search builds SQL text only from allow-listed columns and operators; every value is
# bound. This exercises the filters, sorting and paging, and tries injection through every input.
from tickets import schema
from tickets.query import FilterError
from tickets.repo import search_tickets

conn = schema.connect()
conn.execute("CREATE TABLE agent_tokens (token TEXT)")
conn.execute("INSERT INTO agent_tokens VALUES ('tok-secret')")
rows = [
    (1, "Refund not received", "open", 3, "ana", "kim@example.com", "2024-05-01T09:00", "2024-05-02T10:00"),
    (2, "Password reset loop", "open", 1, "bo", "lee@example.com", "2024-05-01T10:00", "2024-05-01T10:00"),
    (3, "Invoice shows 50% discount", "pending", 2, "ana", "max@example.com", "2024-05-02T08:00", "2024-05-03T08:00"),
    (4, "Invoice shows 50 discount", "open", 2, "", "max@example.com", "2024-05-02T09:00", "2024-05-02T09:00"),
    (5, "Cannot log in", "solved", 0, "cy", "ola@example.com", "2024-05-03T11:00", "2024-05-04T11:00"),
    (6, "Refund twice", "open", 3, "bo", "kim@example.com", "2024-05-04T12:00", "2024-05-04T12:00"),
]
conn.executemany("INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
conn.commit()


class Recording:
    """Records the SQL text handed to execute() (sqlite3's trace callback shows values inlined)."""

    def __init__(self, inner):
        self.inner = inner
        self.statements = []

    def execute(self, sql, params=()):
        self.statements.append(sql)
        return self.inner.execute(sql, params)


db = Recording(conn)


def ids(filters, **kwargs):
    return [ticket.id for ticket in search_tickets(db, filters, **kwargs)]


# The features work.
assert ids({}) == [6, 5, 4, 3, 2, 1], "newest first by default"
assert ids({"status": "open", "priority__gte": "2"}) == [6, 4, 1]
assert ids({"assignee__in": "ana, bo"}, sort="id") == [1, 2, 3, 6]
assert ids({"priority__in": "0,3"}, sort="id") == [1, 5, 6], "CLI strings compare as numbers on INTEGER columns"
assert ids({"assignee__ne": "ana"}, sort="id") == [2, 4, 5, 6]
assert ids({"title__contains": "refund"}, sort="id") == [1, 6], "contains is case-insensitive for ASCII"
assert ids({"title__contains": "50%"}) == [3], "% in the search text is literal, not a wildcard"
assert ids({"title__contains": "50_"}) == [], "_ in the search text is literal, not a wildcard"
assert ids({"created__lt": "2024-05-02"}, sort="created") == [1, 2]
assert ids({}, sort="-priority", limit=2) == [6, 1], "ties on priority break by id in the same direction"
assert ids({}, sort="id", limit=2, offset=2) == [3, 4]
assert ids({}, sort="id", limit=10_000) == [1, 2, 3, 4, 5, 6]
assert ids({}, sort="id", limit=-1) == [1], "limit is clamped to at least 1 (a negative LIMIT means no limit)"

# Field names, operators and sort keys outside the allow-lists are rejected before any SQL runs.
db.statements.clear()
for bad_filter in (
    "status = 'open' OR 1=1 --",
    "status__eq) OR (1=1",
    "title__like",
    "(SELECT token FROM agent_tokens)",
    "priority__gte; DROP TABLE tickets",
):
    try:
        search_tickets(db, {bad_filter: "x"})
    except FilterError:
        pass
    else:
        raise AssertionError(f"filter {bad_filter!r} was accepted")
for bad_sort in ("title", "created; DROP TABLE tickets", "-(SELECT token FROM agent_tokens)", "--id", "-"):
    try:
        search_tickets(db, {}, sort=bad_sort)
    except FilterError:
        pass
    else:
        raise AssertionError(f"sort key {bad_sort!r} was accepted")
for bad_in in ("", " , ", ",".join(str(n) for n in range(101))):
    try:
        search_tickets(db, {"priority__in": bad_in})
    except FilterError:
        pass
    else:
        raise AssertionError(f"in-list {bad_in!r} was accepted")
assert db.statements == [], f"rejected filters still ran SQL: {db.statements}"

# Values are data, never SQL.
assert ids({"status": "open' OR '1'='1"}) == []
assert ids({"assignee__in": "ana') OR 1=1 OR ('x"}) == []
assert ids({"title__contains": "%' UNION SELECT token, 1, 1, 1, 1, 1, 1, 1 FROM agent_tokens --"}) == []
assert ids({"priority__gte": "0 OR 1=1"}, sort="id") == [], "a text value does not widen a numeric filter"
assert len(db.statements) == 4
assert not any("agent_tokens" in sql or "1=1" in sql or "'" in sql.split("ESCAPE")[0] for sql in db.statements), (
    f"a value reached the SQL text: {db.statements}"
)
assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 6
