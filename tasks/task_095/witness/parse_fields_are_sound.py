# The PR's parse formats and field types hold up on the inputs that look risky:
# - the Level pattern is a bare alternation, but parse wraps every custom pattern in its own group;
# - patterns are upper-case, but parse.compile matches case-insensitively by default and the
#   converters normalise case;
# - Client has two capturing groups and declares regex_group_count=2, so the {ts:ti} field after it
#   in the access format reads its own groups;
# - the untyped last field {message} is lazy, but Parser.parse anchors the whole line;
# - percentile's -(-n * pct // 100) is an exact integer ceiling (nearest rank);
# - `return host, int(port) if port else None` returns a 2-tuple.
from datetime import datetime, timezone

from svclog.fieldtypes import client
from svclog.reader import parse_line, read_records
from svclog.summary import percentile, summarise

UTC = timezone.utc

# Levels in any case, and every alias, with the rest of the line intact.
for raw, expected in [
    ("INFO", "INFO"), ("info", "INFO"), ("Warning", "WARN"), ("warn", "WARN"),
    ("error", "ERROR"), ("FATAL", "CRITICAL"), ("critical", "CRITICAL"), ("debug", "DEBUG"),
]:
    line = f"2024-03-01T10:00:00Z {raw} orders.api: step: {raw} done\r\n"
    record = parse_line(line)
    assert record is not None, f"level {raw!r} not parsed"
    assert (record.level, record.logger, record.message) == (expected, "orders.api", f"step: {raw} done"), record
    assert record.ts == datetime(2024, 3, 1, 10, 0, tzinfo=UTC), record.ts

# A level that is not one is not a line, rather than a partial match.
assert parse_line("2024-03-01T10:00:00Z NOTICE orders.api: x") is None
assert parse_line("2024-03-01T10:00:00Z INFORMATION orders.api: x") is None

# Long messages are captured whole, whatever the line ending.
message = "payment 42 declined: card expired; retry in 30s " * 3
for ending in ("", "\n", "\r\n"):
    record = parse_line(f"2024-03-01T10:00:00+02:00 ERROR billing.psp: {message}{ending}")
    assert record.message == message, repr(record.message)
    assert record.ts == datetime(2024, 3, 1, 8, 0, tzinfo=UTC), record.ts

# Access lines: every client shape, with the timestamp after it converted from the right groups.
cases = [
    ("10.2.0.7:53122", ("10.2.0.7", 53122)),
    ("10.2.0.7", ("10.2.0.7", None)),
    ("[2001:db8::7]:443", ("2001:db8::7", 443)),
    ("[2001:DB8::7]", ("2001:DB8::7", None)),
    ("[::ffff:10.2.0.7]:8080", ("::ffff:10.2.0.7", 8080)),
]
for addr, expected in cases:
    line = f'{addr} - [2024-03-01T11:00:05.500+01:00] "get /api/orders?page=2" 503 12.5MS\n'
    record = parse_line(line)
    assert record is not None, f"access line with client {addr!r} not parsed"
    request = record.request
    assert request.client == expected, (addr, request.client)
    assert record.ts == datetime(2024, 3, 1, 10, 0, 5, 500000, tzinfo=UTC), (addr, record.ts)
    assert (request.method, request.path, request.route) == ("GET", "/api/orders?page=2", "/api/orders")
    assert (request.status, request.elapsed_ms, record.level) == (503, 12.5, "ERROR"), request

assert client("10.0.0.1") == ("10.0.0.1", None) and len(client("10.0.0.1")) == 2
assert client("10.0.0.1:80") == ("10.0.0.1", 80)

# percentile is the nearest rank: the smallest value with at least pct% of values <= it.
for n in range(1, 301):
    values = [float(v) for v in range(n, 0, -1)]
    for pct in range(1, 101):
        got = percentile(values, pct)
        expected = next(v for v in sorted(values) if sum(1 for w in values if w <= v) * 100 >= pct * n)
        assert got == expected, (n, pct, got, expected)

# The digest over a mixed file.
lines = [
    "2024-03-01T10:00:00Z info orders.api: started\n",
    "Traceback (most recent call last):\n",
    '10.2.0.9:40100 - [2024-03-01T10:00:03Z] "POST /api/orders" 502 1.5s\n',
    '[2001:db8::7]:443 - [2024-03-01T10:00:04Z] "POST /api/orders" 201 40ms\n',
]
summary = summarise(read_records(lines))
assert summary.lines == 3 and summary.by_level == {"INFO": 2, "ERROR": 1}, summary
stats = summary.routes["POST /api/orders"]
assert (stats.requests, stats.server_errors, stats.p95_ms) == (2, 1, 1500.0), stats
