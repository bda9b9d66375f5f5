# GET /login?next=... copies `next` into the Set-Cookie header unencoded (app/web/return_to.py). A link whose
# next carries %0d%0a makes the response carry headers of the attacker's choosing (here a session cookie:
# session fixation) or, with a blank line, a body of their choosing. Driven through wsgiref, as served.
import io
import sys
from urllib.parse import quote
from wsgiref.handlers import SimpleHandler

from app.users import UserStore
from app.web.app import make_app
from app.web.sessions import SessionStore

users = UserStore()
users.add("ada@example.com", "correct horse")
app = make_app(users, SessionStore())


def call(method, path, query="", form="", cookie=""):
    body = form.encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "HTTP_COOKIE": cookie,
        "SERVER_NAME": "shop.example", "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1",
    }
    out = io.BytesIO()
    SimpleHandler(io.BytesIO(body), out, sys.stderr, environ).run(app)
    head = out.getvalue().split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status, *lines = head.split("\r\n")
    return status, [tuple(line.split(": ", 1)) for line in lines]


attack = "/orders\r\nSet-Cookie: sid=attacker-session; Path=/\r\nX-Injected: yes"
status, headers = call("GET", "/login", "next=" + quote(attack, safe=""))
names = [name for name, *_ in headers]
assert "X-Injected" not in names, f"the next parameter injected headers into the response: {headers}"
assert not [v for _, *v in headers if v and v[0].startswith("sid=attacker")], f"an attacker's session cookie was set: {headers}"
assert all(len(h) == 2 and "\r" not in h[1] and "\n" not in h[1] for h in headers), headers

# The remembered page still round-trips, whatever characters it has, once the browser sends the cookie back.
for target in ["/orders/42", "/search?q=a;b&sort=new", "/search?q=caf\u00e9 cr\u00e8me", attack]:
    status, headers = call("GET", "/login", "next=" + quote(target, safe=""))
    set_cookies = [value for name, value in headers if name == "Set-Cookie"]
    assert len(set_cookies) == 1, (target, headers)
    cookie = set_cookies[0].split(";")[0]
    status, headers = call("POST", "/login", form="email=ada%40example.com&password=correct+horse", cookie=cookie)
    [location] = [value for name, value in headers if name == "Location"]
    assert location == quote(target, safe="/:?#[]@!$&'()*+,;=%~-._"), f"next={target!r} came back as {location!r}"
