"""Manual stock adjustments: receipts, write-offs, returns and stocktake counts.

Every change to `stock.on_hand` made here is written to `stock_adjustments` in the same
transaction, with the quantity on hand after it, so the history always adds up.
"""
from stockroom import db

REASONS = ("received", "returned", "damaged", "lost", "correction", "count")


class UnknownSku(LookupError):
    pass


class InsufficientStock(ValueError):
    def __init__(self, sku, on_hand, delta):
        super().__init__(f"{sku}: {on_hand} on hand, cannot remove {-delta}")
        self.sku, self.on_hand, self.delta = sku, on_hand, delta


class CountConflict(RuntimeError):
    """The quantity on hand changed between reading it and recording the count."""


def _on_hand(conn, sku):
    row = conn.execute("SELECT on_hand FROM stock WHERE sku = ?", (sku,)).fetchone()
    if row is None:
        raise UnknownSku(sku)
    return row["on_hand"]


def _record(conn, sku, delta, on_hand, reason, actor, note):
    cur = conn.execute(
        "INSERT INTO stock_adjustments (sku, delta, on_hand, reason, actor, note)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (sku, delta, on_hand, reason, actor, note),
    )
    return {"id": cur.lastrowid, "sku": sku, "delta": delta, "on_hand": on_hand, "reason": reason}


def adjust(conn, sku, delta, reason, actor, note=""):
    """Add `delta` units (negative to remove them) and record why."""
    if reason not in REASONS or reason == "count":
        raise ValueError(f"unknown reason: {reason!r}")
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise ValueError("delta must be a non-zero integer")
    with conn:
        on_hand = _on_hand(conn, sku)
        if on_hand + delta < 0:
            raise InsufficientStock(sku, on_hand, delta)
        cur = conn.execute(
            "UPDATE stock SET on_hand = on_hand + ?,"
            " updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE sku = ? AND on_hand + ? >= 0",
            (delta, sku, delta),
        )
        if cur.rowcount != 1:
            raise InsufficientStock(sku, _on_hand(conn, sku), delta)
        after = _on_hand(conn, sku)
        return _record(conn, sku, delta, after, reason, actor, note)


def record_count(conn, sku, counted, actor, expected=None, note=""):
    """Set the quantity on hand to what was counted on the shelf.

    `expected` is the quantity the counter was shown when the count started; if stock moved
    since then, the count is refused so that it can be redone rather than overwrite the change.
    """
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise ValueError("counted must be a non-negative integer")
    with conn:
        on_hand = _on_hand(conn, sku)
        if expected is not None and expected != on_hand:
            raise CountConflict(f"{sku}: expected {expected}, now {on_hand}")
        cur = conn.execute(
            "UPDATE stock SET on_hand = ?,"
            " updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE sku = ? AND on_hand = ?",
            (counted, sku, on_hand),
        )
        if cur.rowcount != 1:
            raise CountConflict(f"{sku}: stock changed while recording the count")
        return _record(conn, sku, counted - on_hand, counted, "count", actor, note)


def history(conn, sku, limit=50, before_id=None):
    """Adjustments of one SKU, newest first, and whether there are older ones.

    Page with the last id seen as `before_id`.
    """
    if db.get_item(conn, sku) is None:
        raise UnknownSku(sku)
    limit = max(1, min(int(limit), 200))
    sql = "SELECT id, delta, on_hand, reason, actor, note, created FROM stock_adjustments WHERE sku = ?"
    args = [sku]
    if before_id is not None:
        sql += " AND id < ?"
        args.append(int(before_id))
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit + 1)
    rows = [dict(row) for row in conn.execute(sql, args)]
    return rows[:limit], len(rows) > limit
