"""The cursor, sort and limit handling is correct for the inputs that would break a careless version."""

import base64
import hashlib
import hmac
import json

from wallet import db
from wallet.api import get_transactions
from wallet.cursors import CursorCodec

KEY = b"s" * 32
conn = db.connect()
codec = CursorCodec(KEY)
expected = {}
# many ties on created_at and amount, ids of varying width so cursor lengths vary mod 4
for i in range(1, 58):
    day = 1 + i % 4
    db.add_transaction(conn, 1, f"2024-05-0{day}T09:00:00.000000Z", (i % 5) * 100, f"t{i}")
for i in range(20):
    db.add_transaction(conn, 2, "2024-05-03T09:00:00.000000Z", 50, f"other{i}")

rows = conn.execute("SELECT * FROM transactions WHERE account_id = 1").fetchall()
orders = {
    "newest": sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True),
    "oldest": sorted(rows, key=lambda r: (r["created_at"], r["id"])),
    "largest": sorted(rows, key=lambda r: (r["amount_cents"], r["id"]), reverse=True),
}


def call(account, query):
    status, body = get_transactions(conn, codec, account, query)
    return status, json.loads(body)


cursors_seen = []
for sort, want in orders.items():
    for limit in (1, 2, 3, 7, 57, 100):
        got, query = [], {"sort": sort, "limit": str(limit)}
        while True:
            status, body = call(1, query)
            assert status == 200, (sort, limit, body)
            assert len(body["items"]) <= limit
            got += [t["id"] for t in body["items"]]
            if body["next_cursor"] is None:
                break
            cursors_seen.append((sort, body["next_cursor"]))
            query["cursor"] = body["next_cursor"]
        assert got == [r["id"] for r in want], f"{sort} limit {limit}: rows repeated, skipped or out of order"

assert len({len(c.split(".")[0]) % 4 for _, c in cursors_seen}) >= 2, "cursor lengths should vary mod 4 (padding)"

# a cursor never works for another sort, and never pages another account's rows
for sort, cursor in cursors_seen[:30]:
    for other in orders:
        if other != sort:
            assert call(1, {"sort": other, "cursor": cursor})[0] == 400
    status, body = call(2, {"sort": sort, "cursor": cursor})
    assert status in (200, 400)
    if status == 200:
        assert all(t["description"].startswith("other") for t in body["items"]), "cross-account rows"

# forged and edited cursors
sort, cursor = cursors_seen[0]
body_text, mac_text = cursor.split(".")
body = json.loads(base64.urlsafe_b64decode(body_text + "=" * (-len(body_text) % 4)))
for after in (["2024-05-09T00:00:00.000000Z", 1], ["x' OR 1=1 --", 0], [1, 2, 3]):
    forged = dict(body, after=after)
    raw = json.dumps(forged, separators=(",", ":")).encode()
    fake_b64 = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    for mac in (mac_text, base64.urlsafe_b64encode(hmac.new(KEY, raw, hashlib.sha256).digest()).rstrip(b"=").decode(), ""):
        assert call(1, {"sort": sort, "cursor": f"{fake_b64}.{mac}"})[0] == 400, "forged cursor accepted"
pickled = base64.urlsafe_b64encode(b"\x80\x04K\x01.").decode()
for junk in ("", ".", "a", "a.b", "abcde.fghij", "é.é", "\x00", pickled, body_text, body_text + "." + mac_text[:-2],
             cursor + "A", "x" * 5000, cursor.replace(".", "")):
    status, _ = call(1, {"sort": sort, "cursor": junk})
    assert status == 400, f"cursor {junk[:40]!r} accepted"

# the sort name never reaches SQL unless it is one of ours; limits are bounded
for bad_sort in ("amount_cents", "newest DESC; DROP TABLE transactions", "", "NEWEST"):
    assert call(1, {"sort": bad_sort})[0] == 400
for bad_limit in ("0", "-1", "101", "x", "1.5", ""):
    assert call(1, {"limit": bad_limit})[0] == 400
assert conn.execute("SELECT COUNT(*) FROM transactions").fetchone()[0] == 77
print("ok: cursor pagination holds")
