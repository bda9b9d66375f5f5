# A saved report belongs to its tenant. _can_read lets through a report's owner, any shared report and
# any admin, without comparing the report's tenant with the caller's: every tenant's admin (whoever
# signs a tenant up is one) and every analyst, for shared reports, can run another tenant's reports
# by id, and the rows are computed over the *report's* tenant's orders.
import json

from app import db as database
from app.auth import Principal
from app.web.http import Request
from app.web.routes import dispatch

conn = database.connect()
conn.executemany("INSERT INTO tenants VALUES (?, ?)", [(1, "acme"), (2, "globex")])
ACME_ANALYST, ACME_ADMIN = Principal(1, 1, "analyst"), Principal(2, 1, "admin")
GLOBEX_ADMIN, GLOBEX_ANALYST = Principal(8, 2, "admin"), Principal(9, 2, "analyst")
for user in (ACME_ANALYST, ACME_ADMIN, GLOBEX_ADMIN, GLOBEX_ANALYST):
    conn.execute(
        "INSERT INTO users VALUES (?, ?, ?, 'x', ?)", (user.user_id, user.tenant_id, f"{user.user_id}@x.test", user.role)
    )
conn.execute("INSERT INTO orders VALUES (NULL, 1, '2099-01-01T00:00:00+00:00', 'emea', 'pro', 'web', 123456)")


def call(method, path, principal, body=b""):
    return dispatch(Request(method, path, {}, body, principal), conn)


def save(name, shared):
    body = {"name": name, "definition": {"dimension": "region", "metrics": ["revenue"]}, "shared": shared}
    response = call("POST", "/admin/reports", ACME_ANALYST, json.dumps(body).encode())
    assert response.status == 201, response.payload
    return response.payload["id"]


private, shared = save("Acme revenue (private)", False), save("Acme revenue (team)", True)
assert call("GET", f"/admin/reports/{private}/rows", ACME_ADMIN).status == 200, "acme's admin reads acme's reports"
assert call("GET", f"/admin/reports/{shared}/rows", ACME_ANALYST).status == 200

leaks = []
for who, principal, report in (
    ("globex admin", GLOBEX_ADMIN, private),
    ("globex admin", GLOBEX_ADMIN, shared),
    ("globex analyst", GLOBEX_ANALYST, shared),
):
    response = call("GET", f"/admin/reports/{report}/rows", principal)
    if response.status != 404:
        leaks.append(f"{who} got {response.status} for acme's report {report}: {response.payload}")
assert not leaks, "another tenant reads acme's reports: " + "; ".join(leaks)
