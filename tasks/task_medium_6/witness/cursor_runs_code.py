# The cursor is sent back by the client, so it is attacker-controlled. Decoding it must not
# execute anything: here a crafted cursor tries to create a marker file (harmless stand-in for
# running any command as the API server).
import base64
import os
import pickle
import sqlite3
from datetime import datetime, timezone

from app.api.exports import handle_list_exports

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE exports (id INTEGER PRIMARY KEY, account_id INTEGER, name TEXT, status TEXT, created_at TEXT)")
conn.executemany(
    "INSERT INTO exports (account_id, name, status, created_at) VALUES (?, ?, ?, ?)",
    [(1, f"report-{n}", "done", f"2024-05-01T10:{n % 60:02d}:00+00:00") for n in range(120)],
)
fixed_now = lambda: datetime(2024, 6, 1, tzinfo=timezone.utc)  # noqa: E731

# An honest client pages through all 120 exports with next_cursor.
seen, params = [], {}
while True:
    body = handle_list_exports(conn, 1, params, now=fixed_now)
    assert body["status"] == 200, body
    seen += [row["id"] for row in body["exports"]]
    if "next_cursor" not in body:
        break
    params = {"cursor": body["next_cursor"]}
assert seen == list(range(1, 121)), seen

MARKER = "cursor-payload-ran.txt"


class Payload:
    def __reduce__(self):
        return (exec, (f"open({MARKER!r}, 'w').write('owned')",))


token = base64.urlsafe_b64encode(pickle.dumps(Payload())).decode("ascii")
try:
    response = handle_list_exports(conn, 1, {"cursor": token}, now=fixed_now)
except Exception as exc:  # rejecting the cursor by raising is acceptable; running it is not
    response = repr(exc)
assert not os.path.exists(MARKER), f"a client-supplied cursor executed code on the server (response: {response})"
assert handle_list_exports(conn, 1, {"cursor": "not-a-cursor"}, now=fixed_now)["status"] == 400
