# An export refused for being too large must give its pooled connection back. export.run acquires
# a connection, then runs the COUNT and raises ExportTooLarge before entering the try/finally that
# releases it: every refused export takes one connection out of the pool for good, and once the
# pool is empty every job and request waits and fails with PoolTimeout.
import os
import tempfile
from unittest import mock

from app.contacts import export
from app.db import Pool
from app.jobs import runner, store

tmp = tempfile.mkdtemp(prefix="w051-")
pool = Pool(os.path.join(tmp, "app.db"), size=3, timeout=0.5)
ctx = runner.JobContext(pool=pool, data_dir=tmp)
with pool.connection() as conn, conn:
    conn.executemany(
        "INSERT INTO contacts (owner_id, email, name) VALUES (1, ?, ?)",
        [(f"c{i}@example.com", f"Contact {i}") for i in range(5)],
    )
    job_id = store.create(conn, "contacts.export", 1)

with mock.patch.object(export, "MAX_EXPORT_ROWS", 4):
    assert runner.run_one(ctx)
with pool.connection() as conn:
    job = store.get(conn, job_id)
assert job["status"] == "failed" and "at most 4" in job["error"], job
assert pool.idle() == pool.size, (
    f"after a refused export only {pool.idle()} of {pool.size} pooled connections are left: "
    "the export never released the one it acquired"
)

# The pool still serves a normal export afterwards.
with pool.connection() as conn:
    job_id = store.create(conn, "contacts.export", 1)
assert runner.run_one(ctx)
with pool.connection() as conn:
    assert store.get(conn, job_id)["status"] == "succeeded"
assert pool.idle() == pool.size
