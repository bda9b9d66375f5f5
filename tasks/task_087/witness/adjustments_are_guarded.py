# Clean PR: adjust() and record_count() read on_hand with a SELECT (outside any transaction: the
# sqlite3 module only opens one before the UPDATE) and then write, but the writes are guarded:
# adjust() updates relatively with "AND on_hand + ? >= 0" and checks rowcount, record_count()
# compares-and-sets on the value it read. This forces another connection's write between the read
# and the write and checks that no update is lost, stock never goes negative, and the history
# always adds up.
import json
import os
import tempfile

from stockroom import adjustments, api, db


class Interleaving:
    """Wraps a connection; runs `hook` once, right after the first SELECT on stock."""

    def __init__(self, inner, hook):
        self.inner, self.hook = inner, hook

    def execute(self, sql, *args):
        cur = self.inner.execute(sql, *args)
        if self.hook and sql.lstrip().upper().startswith("SELECT ON_HAND"):
            hook, self.hook = self.hook, None
            cur = _Buffered(cur.fetchall())
            hook()
        return cur

    def __enter__(self):
        return self.inner.__enter__()

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)


class _Buffered:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None


def check_history(conn, sku, start):
    rows, _ = adjustments.history(conn, sku, limit=200)
    running = start
    for row in reversed(rows):
        running += row["delta"]
        assert row["on_hand"] == running, f"history does not add up: {rows}"
    assert running == db.get_item(conn, sku)["on_hand"], (running, db.get_item(conn, sku))


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "stock.db")
    a, b = db.connect(path), db.connect(path)
    db.add_item(a, "S1", "Widget", 5)
    db.add_item(a, "S2", "Gadget", 10)
    db.add_item(a, "S3", "Gizmo", 10)

    # 1. Both take the last 5 units: the second one must be refused, not drive stock to -5 or 0 twice.
    hooked = Interleaving(a, lambda: adjustments.adjust(b, "S1", -5, "damaged", "bo"))
    try:
        adjustments.adjust(hooked, "S1", -5, "lost", "ana")
        raise AssertionError("second removal of the last units was accepted")
    except adjustments.InsufficientStock as e:
        assert e.on_hand == 0, e.on_hand
    assert db.get_item(a, "S1")["on_hand"] == 0
    check_history(a, "S1", 5)

    # 2. A receipt lands between the read and the write: both changes survive (no lost update).
    hooked = Interleaving(a, lambda: adjustments.adjust(b, "S2", 3, "received", "bo"))
    entry = adjustments.adjust(hooked, "S2", -4, "damaged", "ana")
    assert entry["on_hand"] == 9 and db.get_item(a, "S2")["on_hand"] == 9, entry
    check_history(a, "S2", 10)

    # 3. Stock moves while a count is recorded: the count is refused, the movement is kept.
    hooked = Interleaving(a, lambda: adjustments.adjust(b, "S3", -2, "damaged", "bo"))
    try:
        adjustments.record_count(hooked, "S3", 10, "ana")
        raise AssertionError("count overwrote a concurrent adjustment")
    except adjustments.CountConflict:
        pass
    assert db.get_item(a, "S3")["on_hand"] == 8
    adjustments.record_count(a, "S3", 7, "ana", expected=8)
    check_history(a, "S3", 10)

    # 4. Sequential use through the API keeps the invariants; bad numbers are 400s, not 500s.
    def call(method, p, payload=None):
        status, _, text = api.handle(a, method, p, json.dumps(payload).encode() if payload else b"", actor="ana")
        return status, json.loads(text)

    for delta in (4, -9, -1, 2, -6, 1):
        status, data = call("POST", "/stock/S2/adjustments", {"delta": delta, "reason": "correction"})
        assert status in (201, 409), (status, data)
        assert db.get_item(a, "S2")["on_hand"] >= 0
    check_history(a, "S2", 10)
    for bad in (10**30, -10**30, "--5", "1e3", 2.0, True, "", None):
        assert call("POST", "/stock/S2/adjustments", {"delta": bad, "reason": "correction"})[0] == 400, bad
    assert call("GET", "/stock/S2/adjustments?limit=99999999999999999999")[0] == 400
    status, data = call("GET", "/stock/S2/adjustments?limit=2")
    status2, data2 = call("GET", f"/stock/S2/adjustments?limit=2&before={data['next']}")
    assert status2 == 200 and data2["adjustments"][0]["id"] < data["adjustments"][-1]["id"]
    a.close()
    b.close()
print("ok")
