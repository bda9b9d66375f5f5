"""`python -m coding_env_mcp.http.healthcheck URL`: exit 0 when the server at URL answers `GET /health` with status ok.

The container's HEALTHCHECK. The slim image has no curl, and when `CODING_ENV_MCP_TOKEN` is set every route
(/health included) requires it, so this sends the token from the same environment the server reads. It
imports nothing beyond the standard library, so it costs a few milliseconds every interval.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

from ..settings import TOKEN_ENV


def check(url: str, timeout_s: float = 4.0) -> str | None:
    """None if healthy, else why not."""
    headers = {"Accept": "application/json"}
    token = os.environ.get(TOKEN_ENV)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout_s) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} from {url}"
    except (OSError, ValueError) as exc:
        return f"no healthy answer from {url}: {exc}"
    if body.get("status") != "ok":
        return f"{url} reports status {body.get('status')!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m coding_env_mcp.http.healthcheck http://127.0.0.1:8000/health", file=sys.stderr)
        return 2
    problem = check(args[0])
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
