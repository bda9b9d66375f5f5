"""Named leases in the shared database, with fencing tokens.

A lease gives one worker a named job (`rollup:2024-05-01`) until `expires_at`; the holder
keeps renewing it while it works, and a worker that dies simply stops renewing, so the job
frees itself after `ttl` seconds.

Expiry keeps work moving; it does not by itself stop two workers from writing, because a
holder can stall (a long GC pause, a swapped-out process) past its expiry without noticing.
Every acquisition therefore gives the lease a new, larger `token`, and a write made under a
lease calls `check_fence()` inside the write's own transaction: the write goes through only
while the lease still carries the writer's owner and token.
"""
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, replace

from rollupd import db

log = logging.getLogger("rollupd.leases")


class LeaseLost(Exception):
    """The lease has been released, or acquired by someone else since it was granted."""


@dataclass(frozen=True)
class Lease:
    name: str
    owner: str
    token: int
    expires_at: float


class LeaseStore:
    def __init__(self, conn, clock=time.time):
        self.conn = conn
        self.clock = clock

    def try_acquire(self, name, owner, ttl):
        """The lease on `name` for `ttl` seconds, or None while another owner holds it."""
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        now = self.clock()
        with db.immediate(self.conn):
            row = self.conn.execute(
                "SELECT owner, token, expires_at FROM leases WHERE name = ?", (name,)
            ).fetchone()
            if row is not None and row["owner"] is not None and row["expires_at"] > now:
                return None
            token = 1 if row is None else row["token"] + 1
            self.conn.execute(
                "INSERT INTO leases (name, owner, token, expires_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
                " token = excluded.token, expires_at = excluded.expires_at",
                (name, owner, token, now + ttl),
            )
        return Lease(name, owner, token, now + ttl)

    def renew(self, lease, ttl):
        """Extend `lease` to `ttl` seconds from now; raise LeaseLost if it is no longer ours."""
        expires_at = self.clock() + ttl
        cur = self.conn.execute(
            "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ?",
            (expires_at, lease.name, lease.owner, lease.token),
        )
        if cur.rowcount != 1:
            raise LeaseLost(lease.name)
        return replace(lease, expires_at=expires_at)

    def release(self, lease):
        """Give the lease up now. Returns False if it was no longer ours to give up."""
        cur = self.conn.execute(
            "UPDATE leases SET owner = NULL, expires_at = 0 WHERE name = ? AND owner = ? AND token = ?",
            (lease.name, lease.owner, lease.token),
        )
        return cur.rowcount == 1


def check_fence(conn, lease):
    """Raise LeaseLost unless `lease` is still current. Call inside the write's transaction."""
    row = conn.execute("SELECT owner, token FROM leases WHERE name = ?", (lease.name,)).fetchone()
    if row is None or row["owner"] != lease.owner or row["token"] != lease.token:
        raise LeaseLost(lease.name)


class LeaseKeeper:
    """Renews a lease from a background thread, on its own connection, until stopped."""

    def __init__(self, path, lease, ttl, clock=time.time, interval=None):
        self.lease = lease
        self.lost = threading.Event()
        self._path = path
        self._ttl = ttl
        self._clock = clock
        self._interval = ttl / 3 if interval is None else interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease:{lease.name}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()

    def _run(self):
        conn = db.connect(self._path)
        try:
            store = LeaseStore(conn, self._clock)
            while not self._stop.wait(self._interval):
                try:
                    self.lease = store.renew(self.lease, self._ttl)
                except LeaseLost:
                    log.warning("lost lease %s (token %d)", self.lease.name, self.lease.token)
                    self.lost.set()
                    return
                except sqlite3.OperationalError as exc:
                    log.warning("could not renew lease %s: %s", self.lease.name, exc)
        finally:
            conn.close()
