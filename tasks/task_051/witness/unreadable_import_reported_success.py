# An upload that stops being readable part-way (here: a row saved by Excel in Windows-1252, the
# usual way a non-UTF-8 file arrives, after the first 8 KiB) must fail the import job and change
# nothing, as the importer promises. _rows catches the UnicodeDecodeError (and csv.Error), logs a
# warning and simply ends: read_contacts returns the rows decoded so far, run() commits them and
# the runner records "succeeded" -- a partial import reported as a complete one.
import os
import tempfile
import uuid

from app.db import Pool
from app.jobs import runner, store

tmp = tempfile.mkdtemp(prefix="w051-")
os.makedirs(os.path.join(tmp, "uploads"))
pool = Pool(os.path.join(tmp, "app.db"), size=2, timeout=2.0)
ctx = runner.JobContext(pool=pool, data_dir=tmp)


def run_import(data: bytes) -> tuple[dict, int]:
    upload_id = uuid.uuid4().hex
    with open(os.path.join(tmp, "uploads", f"{upload_id}.csv"), "wb") as f:
        f.write(data)
    with pool.connection() as conn:
        job_id = store.create(conn, "contacts.import", 7, {"upload_id": upload_id})
    assert runner.run_one(ctx)
    with pool.connection() as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM contacts WHERE owner_id = 7").fetchone()
        return store.get(conn, job_id), count


good = b"".join(b"person%04d@example.com,Person %04d,+44 20 7946 %04d\n" % (i, i, i) for i in range(300))
cases = {
    "a Windows-1252 row after 8 KiB": b"email,name,phone\n" + good + b"zoe@example.com,Zo\xeb Smith,\n" + good[:400],
    "a field over the csv field size limit": b"email,name,phone\n" + good + b'x@example.com,"' + b"a" * 200_000 + b'",\n',
}
for what, data in cases.items():
    job, count = run_import(data)
    assert job["status"] == "failed", (
        f"an upload with {what} was reported as {job['status']} with result {job['result']}: "
        f"{count} of the file's rows were imported and the rest silently dropped"
    )
    assert count == 0, f"a failed import must change nothing, but {count} contacts were written"
