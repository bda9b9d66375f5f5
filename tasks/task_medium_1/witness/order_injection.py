# The sort direction comes from the `order` query parameter: it must never reach the SQL text as-is.
import sqlite3

from app.db import users

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, created_at TEXT)")
conn.executemany(
    "INSERT INTO users (name, email, created_at) VALUES (?, ?, ?)",
    [("alice", "alice@example.com", "2024-01-01"), ("albert", "al@example.com", "2024-02-01")],
)
conn.execute("CREATE TABLE api_keys (secret TEXT)")
conn.execute("INSERT INTO api_keys VALUES ('sk-live-1234')")

executed = []
conn.set_trace_callback(executed.append)
payload = "ASC, (SELECT CASE WHEN substr(secret, 1, 1) = 's' THEN name ELSE email END FROM api_keys)"
try:
    users.search_users(conn, "al", direction=payload)
except (sqlite3.Error, ValueError):
    pass
assert not any("api_keys" in sql for sql in executed), "the `direction` argument was spliced into the SQL text"

names = [user.name for user in users.search_users(conn, "al", direction="desc")]
assert names == ["alice", "albert"], f"descending sort still works, got {names}"
