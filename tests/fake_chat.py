"""A scripted OpenAI-compatible chat-completions endpoint on 127.0.0.1, for testing agents without a real service.

The endpoint is a real HTTP server (stdlib `http.server` in a thread) that answers each request with the
next scripted reply and keeps every request, so a test checks both what an agent sends (tools, schemas,
auth, tool results) and what it does with the replies.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any]], tuple[int, dict[str, str], dict[str, Any]]]


def completion(message: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    """A whole chat completion around one assistant message: clients that validate the response (pydantic-ai
    checks the openai SDK's model) need id, object, created, model and the choice's index."""
    choice = {"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish_reason}
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [choice],
    }


def tool_calls(*calls: tuple[str, str]) -> Reply:
    """A reply calling tools: (name, raw JSON arguments) each."""
    message = {
        "content": None,
        "tool_calls": [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": arguments}}
            for n, (name, arguments) in enumerate(calls)
        ],
    }
    return lambda request: (200, {}, completion(message, "tool_calls"))


def text(content: str) -> Reply:
    return lambda request: (200, {}, completion({"content": content}))


def status(code: int, headers: dict[str, str] | None = None) -> Reply:
    return lambda request: (code, headers or {}, {"error": {"message": f"scripted {code}"}})


class FakeChatEndpoint:
    """A chat-completions endpoint answering from a script; `requests` keeps (headers, body) of each call."""

    def __init__(self, script: list[Reply], repeat_last: bool = False):
        self.script = list(script)
        self.repeat_last = repeat_last
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append((dict(self.headers), body))
                if self.path != "/v1/chat/completions":
                    code, headers, reply = 404, {}, {"error": "no such route"}
                elif not endpoint.script:
                    code, headers, reply = 500, {}, {"error": "script exhausted"}
                else:
                    step = endpoint.script[0] if endpoint.repeat_last and len(endpoint.script) == 1 else None
                    code, headers, reply = (step or endpoint.script.pop(0))(body)
                data = json.dumps(reply).encode()
                self.send_response(code)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeChatEndpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
