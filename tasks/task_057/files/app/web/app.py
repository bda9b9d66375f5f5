"""The WSGI application: routes requests to handlers."""

from dataclasses import dataclass

from app.users import UserStore
from app.web import auth, pages
from app.web.http import Request, Response
from app.web.sessions import SessionStore


@dataclass
class Context:
    users: UserStore
    sessions: SessionStore


ROUTES = {
    ("GET", "/"): pages.home,
    ("GET", "/account"): pages.account,
    ("GET", "/login"): auth.login_form,
    ("POST", "/login"): auth.login,
    ("POST", "/logout"): auth.logout,
}


def make_app(users, sessions):
    ctx = Context(users, sessions)

    def app(environ, start_response):
        request = Request.from_environ(environ)
        handler = ROUTES.get((request.method, request.path))
        if handler is None:
            response = Response("Not found", status=404, content_type="text/plain; charset=utf-8")
        else:
            response = handler(request, ctx)
        return response(environ, start_response)

    return app
