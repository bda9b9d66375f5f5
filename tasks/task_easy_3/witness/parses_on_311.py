# The project supports Python 3.11 (pyproject: requires-python = ">=3.11"), which is also what this
# sandbox runs. The new module must compile there, then produce a correct, redacted log line.
import sys

path = "app/web/access_log.py"
with open(path, encoding="utf-8") as handle:
    source = handle.read()
try:
    compile(source, path, "exec")
    error = None
except SyntaxError as exc:
    error = exc
assert error is None, f"{path} does not compile on Python {sys.version.split()[0]}: line {error.lineno}: {error.msg}"

from app.web.access_log import format_line  # noqa: E402
from app.web.http import Request  # noqa: E402

request = Request(
    method="GET",
    path="/v1/accounts",
    query="page=2&api_key=sk-live-123",
    remote_addr="203.0.113.9",
    headers={"user-agent": 'curl/8.4 "x"', "referer": "https://ledger.example/home"},
    user="alice",
)
line = format_line(request, 200, 512, 0.0123, now=0)
assert line == (
    '203.0.113.9 - alice [1970-01-01T00:00:00Z] "GET /v1/accounts?page=2&api_key=REDACTED HTTP/1.1" 200 512 '
    '"https://ledger.example/home" "curl/8.4 \\"x\\"" 12.3ms'
), line
