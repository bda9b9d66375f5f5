# A tenant user with jobs:write uploads a crafted "export file" to POST /job-import. The file has the
# right header line and then a blob in taskq.codec's framing whose pickle calls exec() while it is
# loaded. Harmless proof: the code only creates a marker file in the workspace.
import os
import pickle
import sqlite3
import zlib

from taskq import codec
from taskq.http import Principal, Request, dispatch
from taskq.specs import EXPORT_HEADER
from taskq.store import SpecStore

MARKER = "import_ran_code.marker"
if os.path.exists(MARKER):
    os.remove(MARKER)


class Payload:
    def __reduce__(self):
        return (exec, (f"open({MARKER!r}, 'w').close()",))


blob = EXPORT_HEADER + b"\n" + codec.VERSION + zlib.compress(pickle.dumps([Payload()]))
store = SpecStore(sqlite3.connect(":memory:"))
attacker = Principal("mallory", "globex", frozenset({"jobs:read", "jobs:write"}))
try:
    response = dispatch(Request("POST", "/job-import", attacker, blob), store)
except Exception as exc:  # however the request ends, what matters is whether the code ran
    response = exc
ran = os.path.exists(MARKER)
if ran:
    os.remove(MARKER)
assert not ran, (
    "an uploaded export file ran code in the API process: POST /job-import unpickles the body "
    f"(the request ended with {response!r})"
)
assert getattr(response, "status", None) == 400, f"a forged export file should be refused with 400, got {response!r}"
print("ok")
