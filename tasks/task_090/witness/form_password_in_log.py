# The web login form posts application/x-www-form-urlencoded. Its body must not reach the request
# log with the password in it; body_summary only redacts JSON and logs every other body verbatim.
import logging

from app.app import build_app
from app.handlers.auth import add_user
from app.http import Request

add_user("bob", "correct horse")
records = []


class Capture(logging.Handler):
    def emit(self, record):
        records.append(record.getMessage())


logger = logging.getLogger("api.requests")
logger.addHandler(Capture())
logger.setLevel(logging.INFO)

app = build_app(log_bodies=True)
request = Request("POST", "/login", headers={"content-type": "application/x-www-form-urlencoded"},
                  body=b"username=bob&password=Hunter2-typo%21")
response = app(request)
assert response.status == 401, response
assert records, "the request was not logged at all"
leaked = [line for line in records if "Hunter2-typo" in line]
assert not leaked, f"the form login's password was written to the request log: {leaked[0]}"
