import json
import sqlite3

import pytest

from stockroom import adjustments, api, db


@pytest.fixture
def conn():
    conn = db.connect(":memory:")
    db.add_item(conn, "SKU-1", "Widget", 10)
    return conn


def test_adjust_records_history(conn):
    entry = adjustments.adjust(conn, "SKU-1", 5, "received", "ana", "PO 1182")
    assert entry["on_hand"] == 15
    entry = adjustments.adjust(conn, "SKU-1", -3, "damaged", "ana")
    assert entry["on_hand"] == 12
    rows, more = adjustments.history(conn, "SKU-1")
    assert [(r["delta"], r["on_hand"], r["reason"]) for r in rows] == [(-3, 12, "damaged"), (5, 15, "received")]
    assert not more


def test_adjust_cannot_go_negative(conn):
    with pytest.raises(adjustments.InsufficientStock) as info:
        adjustments.adjust(conn, "SKU-1", -11, "lost", "ana")
    assert info.value.on_hand == 10
    assert db.get_item(conn, "SKU-1")["on_hand"] == 10
    assert adjustments.history(conn, "SKU-1") == ([], False)


def test_adjust_validates_input(conn):
    for delta in (0, True, 1.5, "3"):
        with pytest.raises(ValueError):
            adjustments.adjust(conn, "SKU-1", delta, "received", "ana")
    with pytest.raises(ValueError):
        adjustments.adjust(conn, "SKU-1", 1, "count", "ana")
    with pytest.raises(adjustments.UnknownSku):
        adjustments.adjust(conn, "NOPE", 1, "received", "ana")


def test_count_sets_on_hand(conn):
    entry = adjustments.record_count(conn, "SKU-1", 7, "bo", expected=10)
    assert (entry["delta"], entry["on_hand"], entry["reason"]) == (-3, 7, "count")
    with pytest.raises(adjustments.CountConflict):
        adjustments.record_count(conn, "SKU-1", 9, "bo", expected=10)
    assert db.get_item(conn, "SKU-1")["on_hand"] == 7


def test_history_pages(conn):
    for _ in range(5):
        adjustments.adjust(conn, "SKU-1", 1, "returned", "ana")
    first, more = adjustments.history(conn, "SKU-1", limit=3)
    assert more and len(first) == 3
    rest, more = adjustments.history(conn, "SKU-1", limit=3, before_id=first[-1]["id"])
    assert not more and len(rest) == 2


def call(conn, method, path, payload=None, actor="ana"):
    body = json.dumps(payload).encode() if payload is not None else b""
    status, _, text = api.handle(conn, method, path, body, actor=actor)
    return status, json.loads(text)


def test_api_adjust_and_count(conn):
    assert call(conn, "POST", "/stock/SKU-1/adjustments", {"delta": -4, "reason": "damaged"})[0] == 201
    status, data = call(conn, "POST", "/stock/SKU-1/adjustments", {"delta": -7, "reason": "lost"})
    assert (status, data["on_hand"]) == (409, 6)
    assert call(conn, "POST", "/stock/SKU-1/counts", {"counted": 5, "expected": 6})[0] == 201
    status, data = call(conn, "GET", "/stock/SKU-1/adjustments?limit=1")
    assert status == 200 and data["adjustments"][0]["reason"] == "count" and data["next"]


def test_api_rejects_bad_requests(conn):
    assert call(conn, "POST", "/stock/SKU-1/adjustments", {"delta": 1, "reason": "received"}, actor=None)[0] == 401
    assert call(conn, "POST", "/stock/SKU-1/adjustments", {"delta": "x", "reason": "received"})[0] == 400
    assert call(conn, "POST", "/stock/SKU-1/adjustments", {"delta": 1, "reason": "gift"})[0] == 400
    assert call(conn, "POST", "/stock/NOPE/adjustments", {"delta": 1, "reason": "received"})[0] == 404
    assert call(conn, "GET", "/stock/SKU-1/adjustments?limit=0")[0] == 400


def test_stock_never_negative_in_schema(conn):
    with pytest.raises(sqlite3.IntegrityError):
        with conn:
            conn.execute("UPDATE stock SET on_hand = -1 WHERE sku = 'SKU-1'")
