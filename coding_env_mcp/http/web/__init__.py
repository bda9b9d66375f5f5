"""The web page for people at /web: static HTML, CSS and JavaScript that play through the MCP endpoint.

The page is a small MCP client running in the browser. It calls the very tools an agent calls (`list_tasks`,
`reset_episode`, `get_observation`, `get_state`, `run_python`, `submit_review`, `get_grade`) and reads the
diff and files as MCP resources, with JSON-RPC POSTs to /mcp in the sessionless 2026-07-28 protocol. So this
module serves files and nothing else: no route here touches the env, and a person plays exactly what an agent
plays, with the same validation, errors and grades.

The files are `PublicRoute`s: a browser navigating to /web cannot send an `Authorization` header, so the page
loads without the token, asks the person for it when the server answers 401, and sends it as a bearer header
on every MCP call. The files hold no task, episode or server data (a test checks this), and every response
carries a strict Content-Security-Policy: scripts, styles and connections to this origin only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files
from importlib.resources.abc import Traversable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute

from ...core.env import ReviewEnv
from ..guards import PublicRoute
from ..settings import HttpSettings

PAGE_PATH = "/web"
PAGE_FILE = "index.html"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}

# The page needs nothing from elsewhere: no inline script or style, no third-party origin, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # Revalidate on every load, so an upgraded server never runs with yesterday's script.
    "Cache-Control": "no-cache",
}


def static_dir() -> Traversable:
    """The folder of the page's files, inside the installed package (wheel or editable)."""
    return files(__package__) / "static"


def static_files() -> dict[str, bytes]:
    """Every file the page is made of, by name. Read once: they are small and never change while serving."""
    found = {item.name: item.read_bytes() for item in static_dir().iterdir() if item.is_file()}
    unknown = sorted(name for name in found if _suffix(name) not in CONTENT_TYPES)
    if unknown:
        raise RuntimeError(f"web/static holds files of no known content type: {', '.join(unknown)}")
    return found


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


def _file_endpoint(body: bytes, content_type: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=content_type, headers=SECURITY_HEADERS)

    return endpoint


async def _to_page(request: Request) -> Response:
    # The page refers to its files relative to /web, so /web/ would resolve them one folder too deep.
    return RedirectResponse(PAGE_PATH, status_code=308, headers=SECURITY_HEADERS)


def routes(env: ReviewEnv, settings: HttpSettings) -> list[BaseRoute]:
    """/web (the page), /web/ (a redirect to it) and /web/<file> for each of the page's files.

    `env` and `settings` are unused on purpose: the page reaches the env only through /mcp.
    """
    bodies = static_files()
    page = bodies.pop(PAGE_FILE)
    result: list[BaseRoute] = [
        PublicRoute(PAGE_PATH, _file_endpoint(page, CONTENT_TYPES[".html"]), methods=["GET"]),
        PublicRoute(f"{PAGE_PATH}/", _to_page, methods=["GET"]),
    ]
    for name, body in sorted(bodies.items()):
        endpoint = _file_endpoint(body, CONTENT_TYPES[_suffix(name)])
        result.append(PublicRoute(f"{PAGE_PATH}/{name}", endpoint, methods=["GET"]))
    return result
