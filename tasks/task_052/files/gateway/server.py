"""Serving a Gateway over HTTP: ThreadingHTTPServer, so every connection is handled on its own thread."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from gateway.app import Gateway
from gateway.http import Request

MAX_BODY = 1 << 20


def make_server(gateway: Gateway, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(length) if length else b""
            request = Request(self.command, self.path, dict(self.headers.items()), body)
            response = gateway.handle(request)
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = _serve

    return ThreadingHTTPServer((host, port), Handler)
