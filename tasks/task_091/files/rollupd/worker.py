"""Worker entry point: `python -m rollupd.worker DB_PATH DAY`.

Cron starts a worker for the day in every worker slot, all on the same database file; one of
them computes the rollup and the others exit with status 3.
"""
import logging
import os
import socket
import sys

from rollupd import db, rollup
from rollupd.leases import LeaseLost

log = logging.getLogger("rollupd.worker")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m rollupd.worker DB_PATH DAY", file=sys.stderr)
        return 2
    path, day = argv
    conn = db.connect(path)
    try:
        db.init_schema(conn)
    finally:
        conn.close()
    owner = f"{socket.gethostname()}:{os.getpid()}"
    try:
        totals = rollup.run_exclusive(path, day, owner)
    except LeaseLost:
        log.warning("rollup of %s was taken over by another worker; nothing written", day)
        return 3
    if totals is None:
        log.info("rollup of %s is running elsewhere", day)
        return 3
    log.info("rollup of %s: %d accounts", day, len(totals))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
