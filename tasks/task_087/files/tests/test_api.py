import json

from stockroom import api, db


def test_get_stock():
    conn = db.connect(":memory:")
    db.add_item(conn, "SKU-1", "Widget", 4)
    status, _, body = api.handle(conn, "GET", "/stock/SKU-1")
    assert status == 200
    assert json.loads(body)["on_hand"] == 4


def test_unknown_sku():
    conn = db.connect(":memory:")
    status, _, _ = api.handle(conn, "GET", "/stock/NOPE")
    assert status == 404
