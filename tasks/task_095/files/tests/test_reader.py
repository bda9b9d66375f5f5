from datetime import datetime, timezone

from svclog.reader import parse_line, read_records

UTC = timezone.utc


def test_app_line():
    record = parse_line("2024-03-01T10:00:05.250Z ERROR orders.db: connection reset\n")
    assert record.ts == datetime(2024, 3, 1, 10, 0, 5, 250000, tzinfo=UTC)
    assert (record.level, record.logger) == ("ERROR", "orders.db")
    assert record.message == "connection reset"
    assert record.request is None


def test_app_line_offset_and_aliases():
    record = parse_line("2024-03-01T11:30:00+01:00 WARNING orders.api: slow shutdown\r\n")
    assert record.ts == datetime(2024, 3, 1, 10, 30, tzinfo=UTC)
    assert record.level == "WARN"


def test_message_keeps_colons():
    record = parse_line("2024-03-01T10:00:00Z INFO orders.api: retry: attempt 2: ok")
    assert record.logger == "orders.api"
    assert record.message == "retry: attempt 2: ok"


def test_access_line():
    line = '10.2.0.7:53122 - [2024-03-01T10:00:05.120Z] "GET /api/orders?page=2" 200 12.5ms\n'
    record = parse_line(line)
    assert record.ts == datetime(2024, 3, 1, 10, 0, 5, 120000, tzinfo=UTC)
    assert (record.logger, record.level) == ("access", "INFO")
    request = record.request
    assert request.client == ("10.2.0.7", 53122)
    assert (request.method, request.path, request.route) == ("GET", "/api/orders?page=2", "/api/orders")
    assert (request.status, request.elapsed_ms) == (200, 12.5)


def test_access_line_levels():
    assert parse_line('10.2.0.7 - [2024-03-01T10:00:05Z] "GET /x" 404 3ms').level == "WARN"
    assert parse_line('10.2.0.7 - [2024-03-01T10:00:05Z] "GET /x" 503 2s').level == "ERROR"


def test_read_records_skips_other_lines():
    lines = [
        "2024-03-01T10:00:00Z INFO orders.api: started\n",
        "Traceback (most recent call last):\n",
        "\n",
        '10.2.0.7:53122 - [2024-03-01T10:00:05Z] "GET /health" 200 1ms\n',
        "==== orders-api 4.2.0 ====\n",
    ]
    assert [r.logger for r in read_records(lines)] == ["orders.api", "access"]
