from svclog.reader import read_records
from svclog.summary import percentile, render, summarise

import pytest

LOG = """\
2024-03-01T10:00:00Z INFO orders.api: started
2024-03-01T10:00:05.250Z ERROR orders.db: connection reset
Traceback (most recent call last):
2024-03-01T11:30:00+01:00 WARN orders.api: slow shutdown
"""

ACCESS_LOG = """\
10.2.0.7:53122 - [2024-03-01T10:00:01Z] "GET /api/orders?page=1" 200 12ms
10.2.0.7:53122 - [2024-03-01T10:00:02Z] "GET /api/orders?page=2" 200 30ms
10.2.0.9:40100 - [2024-03-01T10:00:03Z] "POST /api/orders" 502 1.5s
10.2.0.9:40100 - [2024-03-01T10:00:04Z] "GET /health" 200 900us
"""


def test_summarise_counts_levels_and_range():
    summary = summarise(read_records(LOG.splitlines(True)))
    assert summary.lines == 3
    assert summary.by_level == {"INFO": 1, "ERROR": 1, "WARN": 1}
    assert summary.error_samples == ["orders.db: connection reset"]
    assert summary.first.isoformat() == "2024-03-01T10:00:00+00:00"
    assert summary.last.isoformat() == "2024-03-01T10:30:00+00:00"


def test_render():
    text = render(summarise(read_records(LOG.splitlines(True))))
    assert text.splitlines()[1] == "Levels: ERROR 1, INFO 1, WARN 1"
    assert "  orders.db: connection reset" in text


def test_render_empty():
    assert render(summarise([])) == "No log lines."


def test_route_stats():
    summary = summarise(read_records(ACCESS_LOG.splitlines(True)))
    assert summary.lines == 4
    assert summary.by_level == {"INFO": 3, "ERROR": 1}
    orders = summary.routes["GET /api/orders"]
    assert (orders.requests, orders.server_errors, orders.p95_ms) == (2, 0, 30.0)
    post = summary.routes["POST /api/orders"]
    assert (post.requests, post.server_errors) == (1, 1)
    assert summary.error_samples == ["access: POST /api/orders 502"]


def test_render_slowest_routes():
    text = render(summarise(read_records(ACCESS_LOG.splitlines(True))), slowest=2)
    assert text.splitlines()[-3:] == [
        "Slowest routes (p95):",
        "  POST /api/orders: 1500.0 ms, 1 requests, 1 5xx",
        "  GET /api/orders: 30.0 ms, 2 requests, 0 5xx",
    ]


def test_percentile():
    assert percentile([5.0], 95) == 5.0
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile(list(range(1, 101)), 100) == 100
    with pytest.raises(ValueError):
        percentile([], 95)
    with pytest.raises(ValueError):
        percentile([1.0], 0)
