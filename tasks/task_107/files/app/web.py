"""The WSGI application: URL map and request handlers."""

from __future__ import annotations

import json
import os
import typing as t

from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map
from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.utils import send_file
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

from .converters import CONVERTERS
from .docs import DocsSite
from .settings import Settings


class HelpCentre:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.docs = DocsSite(settings.docs_root)
        self.url_map = Map(
            [
                Rule("/healthz", endpoint="health"),
                Rule("/status", endpoint="status"),
                Rule("/docs/", endpoint="docs_index"),
                Rule("/docs/<version:version>/", defaults={"page": ""}, endpoint="docs_page"),
                Rule("/docs/<version:version>/<path:page>", endpoint="docs_page"),
                Rule("/docs/<alias:alias>/", defaults={"page": ""}, endpoint="docs_alias"),
                Rule("/docs/<alias:alias>/<path:page>", endpoint="docs_alias"),
            ],
            converters=CONVERTERS,
        )

    def url_for(self, request: Request, endpoint: str, **values: t.Any) -> str:
        adapter = self.url_map.bind_to_environ(request.environ)
        return adapter.build(endpoint, values)

    def on_health(self, request: Request) -> Response:
        return Response("ok", mimetype="text/plain")

    def on_status(self, request: Request) -> Response:
        try:
            with open(self.settings.status_file, encoding="utf-8") as fh:
                status = json.load(fh)
        except FileNotFoundError:
            status = {"state": "operational", "incidents": []}
        return Response(json.dumps(status), mimetype="application/json")

    def on_docs_index(self, request: Request) -> Response:
        catalog = self.docs.catalog()
        items = []

        for version in catalog.versions:
            url = self.url_for(request, "docs_page", version=version)
            names = "".join(
                f" <em>{alias}</em>"
                for alias, target in sorted(catalog.aliases.items())
                if target == version
            )
            items.append(f'<li><a href="{url}">{version}</a>{names}</li>')

        title = escape(f"{self.settings.site_name}: documentation")
        body = f"<!doctype html>\n<title>{title}</title>\n<h1>{title}</h1>\n"
        body += f"<ul>\n{chr(10).join(items)}\n</ul>\n" if items else "<p>No docs yet.</p>\n"
        return Response(body, mimetype="text/html")

    def on_docs_page(self, request: Request, version: str, page: str) -> Response:
        path = self.docs.locate(version, page)

        if path is None:
            raise NotFound()

        if os.path.isdir(path):
            # Pages link to their assets relatively, so a folder is only
            # served with the trailing slash.
            if page and not page.endswith("/"):
                location = self.url_for(
                    request, "docs_page", version=version, page=f"{page}/"
                )
                return redirect(location, 308)

            path = os.path.join(path, "index.html")

        if not os.path.isfile(path):
            raise NotFound()

        return send_file(path, request.environ, max_age=self.settings.docs_max_age)

    def on_docs_alias(self, request: Request, alias: str, page: str) -> Response:
        target = self.docs.catalog().aliases.get(alias)

        if target is None or self.docs.locate(target, page) is None:
            raise NotFound()

        location = self.url_for(request, "docs_page", version=target, page=page)

        if request.query_string:
            location = f"{location}?{request.query_string.decode('latin-1')}"

        response = redirect(location, 302)
        # Aliases move on every release.
        response.headers["Cache-Control"] = "no-cache"
        return response

    def dispatch(self, request: Request) -> Response:
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, values = adapter.match()
            handler: t.Callable[..., Response] = getattr(self, f"on_{endpoint}")
            return handler(request, **values)
        except HTTPException as exc:
            return exc.get_response(request.environ)  # type: ignore[return-value]

    def wsgi_app(self, environ: t.Any, start_response: t.Any) -> t.Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def __call__(self, environ: t.Any, start_response: t.Any) -> t.Iterable[bytes]:
        return self.wsgi_app(environ, start_response)


def create_app(settings: Settings) -> HelpCentre:
    return HelpCentre(settings)
