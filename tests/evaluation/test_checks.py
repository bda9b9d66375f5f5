"""The static checks one family at a time: each flags the defect and spares its safe near-miss.

A near miss is the pattern a careless rule confuses with the defect (SQL assembled from literal clauses,
a helper whose callers hold the lock, a hash used as a fingerprint). The baseline's score on clean PRs
depends on sparing them, so each one is pinned here beside the defect it resembles.
"""

from __future__ import annotations

import textwrap

import pytest

from coding_env_mcp.evaluation.agents.checks import review
from coding_env_mcp.evaluation.agents.checks.project import imported_paths

from .test_baseline import found, new_file_diff, rules

# rule -> (defective code, safe near miss)
NEAR_MISSES: dict[str, list[tuple[str, str]]] = {
    "sql-string-formatting": [
        (
            # a clause list that also takes raw input
            """
            def search(conn, actor, order):
                clauses, params = ["tenant_id = ?"], [1]
                if actor:
                    clauses.append("actor = ?")
                    params.append(actor)
                clauses.append(f"kind = '{order}'")
                return conn.execute(f"SELECT id FROM events WHERE {' AND '.join(clauses)}", params)
            """,
            # literal clauses, placeholder lists and loop-bound literals joined by " AND "
            """
            COLUMNS = "id, actor, action"
            def search(conn, tenant, actors, since, before):
                clauses, params = ["tenant_id = ?"], [tenant]
                for column, values in (("actor", actors), ("target", actors)):
                    if values:
                        clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                        params += values
                for clause, value in (("at >= ?", since), ("id < ?", before)):
                    if value is not None:
                        clauses.append(clause)
                        params.append(value)
                return conn.execute(
                    f"SELECT {COLUMNS} FROM events WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?",
                    [*params, 50],
                )
            """,
        ),
        (
            # an attribute that collects a caller's text
            """
            class Query:
                def __init__(self):
                    self._where = []
                def raw(self, text):
                    self._where.append(text)
                def build(self):
                    return f"SELECT id FROM t WHERE {' AND '.join(self._where)}"
            """,
            # the builder style: allow-listed columns, fixed operators, a constant column list from every caller
            """
            FILTERABLE = {"status": "status", "owner": "owner_id"}
            SORTABLE = {"created": "created_at"}
            class Query:
                def __init__(self):
                    self._where = []
                    self._order = "id DESC"
                def where(self, field, op):
                    column = FILTERABLE.get(field)
                    if column is None:
                        raise ValueError(field)
                    self._where.append(f"{column} {'>=' if op == 'gte' else '='} ?")
                def sort(self, key):
                    column = SORTABLE[key]
                    direction = "DESC" if key.startswith("-") else "ASC"
                    self._order = f"{column} {direction}"
                def build(self, select, limit):
                    where = " AND ".join(self._where) or "1 = 1"
                    return f"SELECT {select} FROM t WHERE {where} ORDER BY {self._order} LIMIT {int(limit)}"
            def page(query):
                return query.build("id, status", 20)
            """,
        ),
    ],
    "unguarded-shared-state": [
        (
            """
            import threading
            class Table:
                def __init__(self):
                    self._lock = threading.Lock()
                    self._rows = {}
                def add(self, key):
                    with self._lock:
                        self._rows[key] = 1
                def _drop(self, key):
                    self._rows.pop(key, None)
                def finish(self, key):
                    self._drop(key)
            """,
            # the same helper, but every caller holds the lock
            """
            import threading
            class Table:
                def __init__(self):
                    self._lock = threading.Lock()
                    self._rows = {}
                def add(self, key):
                    with self._lock:
                        self._rows[key] = 1
                def _drop(self, key):
                    self._rows.pop(key, None)
                def _finish(self, key):
                    self._drop(key)
                def finish(self, key):
                    with self._lock:
                        self._finish(key)
                def cancel(self, key):
                    with self._lock:
                        self._drop(key)
            """,
        )
    ],
    "weak-password-hash": [
        (
            """
            import hashlib
            def store_password(user, password):
                user.password_hash = hashlib.sha256(password.encode()).hexdigest()
            """,
            # a fingerprint of the stored (already salted and stretched) hash, e.g. to expire reset links
            """
            import hashlib
            def password_fingerprint(password_hash):
                return hashlib.sha256(password_hash.encode("ascii")).hexdigest()[:16]
            """,
        )
    ],
    "timing-unsafe-compare": [
        (
            """
            def check(request, api_key):
                return request.headers["X-Key"] == api_key
            """,
            # a compare-and-swap on the stored hash, and a fingerprint check: nothing an attacker can steer
            """
            def replace(user, current_hash, new_hash, fingerprint, password_fingerprint):
                if user.password_hash != current_hash or fingerprint != password_fingerprint(user.password_hash):
                    return False
                user.password_hash = new_hash
                return True
            """,
        )
    ],
    "release-on-success-only": [
        (
            """
            def redeem(pool, code):
                conn = pool.acquire()
                conn.execute("UPDATE vouchers SET used = 1 WHERE code = ?", (code,))
                conn.commit()
                pool.release(conn)
            """,
            """
            def redeem(pool, code):
                conn = pool.acquire()
                try:
                    conn.execute("UPDATE vouchers SET used = 1 WHERE code = ?", (code,))
                    conn.commit()
                finally:
                    pool.release(conn)
            """,
        )
    ],
    "release-after-gap": [
        (
            """
            def export(pool, owner):
                conn = pool.acquire()
                (total,) = conn.execute("SELECT COUNT(*) FROM contacts WHERE owner = ?", (owner,)).fetchone()
                if total > 1000:
                    raise ValueError("too many")
                try:
                    return conn.execute("SELECT * FROM contacts WHERE owner = ?", (owner,)).fetchall()
                finally:
                    pool.release(conn)
            """,
            # only bookkeeping between acquiring and the try, and a connection handed back to the caller
            """
            import logging
            def export(pool, owner):
                conn = pool.acquire()
                logging.info("export for %s", owner)
                conn.row_factory = dict
                try:
                    return conn.execute("SELECT * FROM contacts WHERE owner = ?", (owner,)).fetchall()
                finally:
                    pool.release(conn)
            def borrow(pool):
                conn = pool.acquire()
                conn.execute("SELECT 1", ())
                return conn
            """,
        )
    ],
    "leaked-mkstemp-descriptor": [
        (
            """
            import os, tempfile
            def write(path, text):
                fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
                with open(tmp, "w") as handle:
                    handle.write(text)
                os.replace(tmp, path)
            """,
            """
            import os, tempfile
            def write(path, text):
                fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
                with os.fdopen(fd, "w") as handle:
                    handle.write(text)
                os.replace(tmp, path)
            """,
        )
    ],
    "negative-zero-slice": [
        (
            """
            def drop_last(n, seq):
                if n < 0:
                    raise ValueError(n)
                return seq[:-n]
            """,
            """
            def drop_last(n, seq):
                if n < 0:
                    raise ValueError(n)
                return seq[: -n or None]
            def tail(n, seq):
                if n <= 0:
                    return seq[:0]
                return seq[-n:]
            """,
        )
    ],
    "inclusive-slice-end": [
        (
            """
            def select(lines, start, end):
                # lines start..end, 1-based and inclusive
                return lines[start - 1 : end - 1]
            """,
            """
            def select(lines, start, end):
                # lines start..end, 1-based and inclusive
                return lines[start - 1 : end]
            def window(values, i):
                return values[i - 1 : i - 1]
            """,
        )
    ],
    "unclamped-day-replace": [
        (
            """
            def next_bill(today, billing_day):
                return today.replace(day=billing_day)
            """,
            """
            import calendar
            def next_bill(today, billing_day):
                last = calendar.monthrange(today.year, today.month)[1]
                return today.replace(day=min(billing_day, last))
            def first_of_month(today):
                return today.replace(day=1)
            """,
        )
    ],
    "open-redirect": [
        (
            """
            def safe_next(target):
                if target and target.startswith("/"):
                    return target
                return "/"
            def logout(request):
                return redirect(safe_next(request.args.get("next")))
            """,
            # protocol-relative targets refused; and an absolute-path test that has nothing to do with redirects
            """
            def safe_next(target):
                if target and target.startswith("/") and not target.startswith(("//", "/\\\\")):
                    return target
                return "/"
            def logout(request):
                return redirect(safe_next(request.args.get("next")))
            def parse_target(text):
                if not text.startswith("/"):
                    raise ValueError(text)
                return text
            """,
        )
    ],
    "prefix-containment": [
        (
            """
            import os
            def inside(base_dir, relative):
                candidate = os.path.realpath(os.path.join(base_dir, relative))
                return candidate.startswith(os.path.realpath(base_dir))
            """,
            """
            import os
            def inside(base_dir, relative):
                root = os.path.realpath(base_dir)
                candidate = os.path.realpath(os.path.join(root, relative))
                return os.path.commonpath([root, candidate]) == root
            def inside_by_prefix(base_dir, relative):
                root = os.path.realpath(base_dir) + os.sep
                return os.path.realpath(os.path.join(root, relative)).startswith(root)
            """,
        )
    ],
    "callback-under-lock": [
        (
            """
            import threading
            class Results:
                def __init__(self):
                    self._cond = threading.Condition()
                    self._listeners = []
                def record(self, job, ok):
                    with self._cond:
                        self._cond.notify_all()
                        for listener in self._listeners:
                            listener(job, ok)
            """,
            # listeners copied under the lock and called after it; notify_all is the condition's own call
            """
            import threading
            class Results:
                def __init__(self):
                    self._cond = threading.Condition()
                    self._listeners = []
                def record(self, job, ok):
                    with self._cond:
                        self._cond.notify_all()
                        listeners = list(self._listeners)
                    for listener in listeners:
                        listener(job, ok)
            """,
        )
    ],
    "predictable-temp-file": [
        (
            """
            import os, tempfile
            def scratch(feed):
                return open(os.path.join(tempfile.gettempdir(), f"feed-{feed}.csv"), "w")
            """,
            """
            import os, tempfile
            def scratch(feed):
                fd, path = tempfile.mkstemp(prefix=f"feed-{feed}-", suffix=".csv")
                return os.fdopen(fd, "w"), path
            """,
        )
    ],
    "decimal-to-float": [
        (
            """
            from decimal import Decimal
            def vat(net, rate):
                return Decimal(str(round(float(net) * rate, 2)))
            """,
            """
            from decimal import ROUND_HALF_UP, Decimal
            def vat(net, rate):
                return (net * Decimal(str(rate))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            def share(part, whole):
                return float(part) / float(whole)
            """,
        )
    ],
    "object-truth-test": [
        (
            """
            import hmac
            from dataclasses import dataclass
            @dataclass(frozen=True)
            class Verification:
                ok: bool
                reason: str = ""
            def verify(secret, signature) -> Verification:
                if not signature:
                    return Verification(False, "missing")
                return Verification(hmac.compare_digest(secret, signature))
            def handle(request, secret):
                if not verify(secret, request.headers.get("sig")):
                    return 400
                return 200
            """,
            # the flag tested, and a result that may be None (a real truth test)
            """
            import hmac
            from dataclasses import dataclass
            @dataclass(frozen=True)
            class Verification:
                ok: bool
                reason: str = ""
            def verify(secret, signature) -> Verification:
                if not signature:
                    return Verification(False, "missing")
                return Verification(hmac.compare_digest(secret, signature))
            def lookup(table, key) -> Verification | None:
                return table.get(key)
            def handle(request, secret, table):
                check = verify(secret, request.headers.get("sig"))
                if not check.ok or not lookup(table, request.path):
                    return 400
                return 200
            """,
        )
    ],
    "key-made-per-attempt": [
        (
            """
            import time, uuid
            def send(transport, body, attempts=3):
                for attempt in range(attempts):
                    headers = {"Idempotency-Key": uuid.uuid4().hex}
                    status = transport(body, headers)
                    if status < 500:
                        return status
                    time.sleep(2**attempt)
            """,
            # the key made once before the loop; a fresh trace id per attempt is not a de-duplication key
            """
            import time, uuid
            def send(transport, body, attempts=3):
                key = uuid.uuid4().hex
                for attempt in range(attempts):
                    headers = {"Idempotency-Key": key, "X-Trace-Id": uuid.uuid4().hex}
                    status = transport(body, headers)
                    if status < 500:
                        return status
                    time.sleep(2**attempt)
            """,
        )
    ],
}

CASES = [(rule, bad, good) for rule, pairs in NEAR_MISSES.items() for bad, good in pairs]


@pytest.mark.parametrize(("rule", "defective", "near_miss"), CASES, ids=[c[0] for c in CASES])
def test_flags_the_defect_and_spares_the_near_miss(rule: str, defective: str, near_miss: str):
    assert rule in rules(defective)
    assert found(near_miss) == []


def test_a_parameter_some_caller_fills_with_input_is_not_trusted():
    source = """
        def build(select):
            return f"SELECT {select} FROM t WHERE id = ?"
        def fixed():
            return build("id, name")
        def from_request(request):
            return build(request.args["columns"])
        """
    assert "sql-string-formatting" in rules(source)


def test_a_call_is_followed_into_an_unchanged_module_the_file_imports():
    helper = textwrap.dedent(
        """
        from dataclasses import dataclass
        @dataclass
        class Outcome:
            ok: bool
        def verify(token) -> Outcome:
            return Outcome(token == "x")
        """
    )
    handler = textwrap.dedent(
        """
        from app import signing
        def handle(token):
            if not signing.verify(token):
                return 403
            return 200
        """
    ).lstrip("\n")
    diff = new_file_diff("app/handler.py", handler)
    assert imported_paths({"app/handler.py": handler}) == ["app/signing.py"]
    found = review(diff, {"app/handler.py": handler}, {"app/signing.py": helper})
    assert [(c.rule, c.line) for c in found] == [("object-truth-test", 3)]
    assert review(diff, {"app/handler.py": handler}) == []  # without the module, nothing is known


def test_a_method_called_through_self_is_followed_like_a_function():
    """The file's tree is parsed once, so a `self.` call resolves to a method the project knows."""
    handler = """
    from dataclasses import dataclass
    @dataclass
    class Outcome:
        ok: bool
    class Gate:
        def verify(self, token) -> Outcome:
            return Outcome(token == "x")
        def handle(self, token):
            if not self.verify(token):
                return 403
            return 200
    """
    assert found_with_context(handler, {}) == [("object-truth-test", 9)]


CODEC = """
import hmac, pickle, zlib
def loads(blob):
    return pickle.loads(zlib.decompress(blob))
def signed_loads(key, blob, mac):
    if not hmac.compare_digest(hmac.new(key, blob, "sha256").hexdigest(), mac):
        raise ValueError("bad signature")
    return pickle.loads(blob)
"""


def found_with_context(source: str, context: dict[str, str], path: str = "app/handler.py") -> list[tuple[str, int]]:
    """(rule, line) of each candidate in a new file `path`, with unchanged project modules as context."""
    source = textwrap.dedent(source).lstrip("\n")
    return [(c.rule, c.line) for c in review(new_file_diff(path, source), {path: source}, context)]


def test_caller_input_handed_to_an_unpickling_helper_in_another_module():
    defective = """
        from app import codec
        def import_jobs(tenant, upload):
            header, _, body = upload.partition(b"\\n")
            return [job for job in codec.loads(body) if job.tenant == tenant]
        """
    assert found_with_context(defective, {"app/codec.py": CODEC}) == [("deserialisation-through-helper", 4)]
    # rows the service stored itself, and a helper that checks a signature first
    near_miss = """
        from app import codec
        from app.codec import signed_loads
        def job(conn, job_id):
            (blob,) = conn.execute("SELECT spec FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return codec.loads(blob)
        def from_row(row):
            return codec.loads(row[0])
        def from_cookie(key, cookie):
            blob, mac = cookie.split(b".")
            return signed_loads(key, blob, mac)
        """
    assert found_with_context(near_miss, {"app/codec.py": CODEC}) == []


CATALOG = """
from functools import lru_cache
def get_product(conn, product_id):
    row = conn.execute("SELECT sku, name FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        return None
    return row
def get_products(conn, ids):
    found = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT id, sku FROM products WHERE id IN ({marks})", chunk).fetchall())
    return found
@lru_cache(maxsize=1024)
def cached_product(product_id):
    return get_product(None, product_id)
"""


def test_a_query_per_iteration_through_a_helper_in_another_module():
    defective = """
        from shop import catalog
        def lines(conn, rows):
            return [(row, catalog.get_product(conn, row[0])) for row in rows]
        """
    assert found_with_context(defective, {"shop/catalog.py": CATALOG}, "shop/report.py") == [("query-in-loop", 3)]
    # one batched lookup, a cached one, and a per-row helper that runs no query
    near_miss = """
        from shop import catalog
        def lines(conn, rows):
            products = catalog.get_products(conn, [row[0] for row in rows])
            cached = [catalog.cached_product(row[0]) for row in rows]
            return [(row, products.get(row[0]), str(row)) for row in rows], cached
        """
    assert found_with_context(near_miss, {"shop/catalog.py": CATALOG}, "shop/report.py") == []
