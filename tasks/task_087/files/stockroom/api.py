"""JSON handlers for the stockroom service (mounted by the internal gateway)."""
import json
import re
from urllib.parse import parse_qs, urlsplit

from stockroom import adjustments, db


def _json(status, payload):
    return status, {"Content-Type": "application/json"}, json.dumps(payload)


def _body(body):
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _int(value):
    """An int from JSON or a query string, or None; bools, floats and huge numbers are not."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**12:
        return value
    return None


def _adjust(conn, sku, body, actor):
    data = _body(body)
    if data is None:
        return _json(400, {"error": "expected a JSON object"})
    delta = _int(data.get("delta"))
    if delta is None or delta == 0:
        return _json(400, {"error": "delta must be a non-zero integer"})
    reason = data.get("reason")
    if reason not in adjustments.REASONS or reason == "count":
        return _json(400, {"error": "unknown reason"})
    note = str(data.get("note") or "")[:500]
    try:
        entry = adjustments.adjust(conn, sku, delta, reason, actor, note)
    except adjustments.UnknownSku:
        return _json(404, {"error": "unknown sku"})
    except adjustments.InsufficientStock as e:
        return _json(409, {"error": "insufficient stock", "on_hand": e.on_hand})
    return _json(201, entry)


def _count(conn, sku, body, actor):
    data = _body(body)
    if data is None:
        return _json(400, {"error": "expected a JSON object"})
    counted = _int(data.get("counted"))
    if counted is None or counted < 0:
        return _json(400, {"error": "counted must be a non-negative integer"})
    expected = None
    if data.get("expected") is not None:
        expected = _int(data["expected"])
        if expected is None:
            return _json(400, {"error": "expected must be an integer"})
    try:
        entry = adjustments.record_count(conn, sku, counted, actor, expected, str(data.get("note") or "")[:500])
    except adjustments.UnknownSku:
        return _json(404, {"error": "unknown sku"})
    except adjustments.CountConflict:
        return _json(409, {"error": "stock changed since the count started", "on_hand": db.get_item(conn, sku)["on_hand"]})
    return _json(201, entry)


def _history(conn, sku, query):
    params = parse_qs(query)
    limit = _int(params.get("limit", ["50"])[0])
    before = params.get("before", [None])[0]
    if limit is None or limit < 1:
        return _json(400, {"error": "limit must be a positive integer"})
    if before is not None:
        before = _int(before)
        if before is None:
            return _json(400, {"error": "before must be an integer"})
    try:
        rows, more = adjustments.history(conn, sku, limit, before)
    except adjustments.UnknownSku:
        return _json(404, {"error": "unknown sku"})
    return _json(200, {"adjustments": rows, "next": rows[-1]["id"] if more else None})


def handle(conn, method, path, body=b"", actor=None):
    url = urlsplit(path)
    parts = [p for p in url.path.split("/") if p]
    if len(parts) == 2 and parts[0] == "stock" and method == "GET":
        item = db.get_item(conn, parts[1])
        if item is None:
            return _json(404, {"error": "unknown sku"})
        return _json(200, item)
    if len(parts) == 3 and parts[0] == "stock":
        sku, action = parts[1], parts[2]
        if action in ("adjustments", "counts") and method == "POST" and not actor:
            return _json(401, {"error": "sign in first"})
        if action == "adjustments" and method == "POST":
            return _adjust(conn, sku, body, actor)
        if action == "adjustments" and method == "GET":
            return _history(conn, sku, url.query)
        if action == "counts" and method == "POST":
            return _count(conn, sku, body, actor)
    return _json(404, {"error": "not found"})
