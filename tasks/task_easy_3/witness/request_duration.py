# The access log's last field is the request's duration in milliseconds, which feeds the latency
# dashboards. A request that takes 12.3 ms (driven by an injected clock) must be logged as 12.3ms.
import logging

from app.web.http import Request, Response
from app.web.middleware import AccessLogMiddleware


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


capture = Capture()
access_logger = logging.getLogger("app.access")
access_logger.addHandler(capture)
access_logger.setLevel(logging.INFO)

ticks = iter([1000.0, 1000.0123])  # perf_counter-style seconds: started, finished
app = AccessLogMiddleware(lambda request: Response(200, b"hello"), clock=lambda: next(ticks))
request = Request(method="GET", path="/v1/accounts", remote_addr="203.0.113.9", headers={"user-agent": "curl/8.4"})
assert app(request).status == 200

assert len(capture.lines) == 1, capture.lines
line = capture.lines[0]
assert line.startswith('203.0.113.9 - - ['), line
assert '"GET /v1/accounts HTTP/1.1" 200 5 "-" "curl/8.4" ' in line, line
duration = line.rsplit(" ", 1)[1]
assert duration == "12.3ms", (
    f"a request that took 12.3 ms is logged with duration {duration}: the duration reaches format_line "
    "in the wrong unit"
)
