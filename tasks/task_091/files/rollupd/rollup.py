"""Compute and store the per-account usage rollup of one day."""
import time

from rollupd import db
from rollupd.leases import LeaseKeeper, LeaseLost, LeaseStore, check_fence

LEASE_TTL = 30.0


def compute(conn, day):
    """Units per account on `day`, as {account_id: units}."""
    rows = conn.execute(
        "SELECT account_id, SUM(units) AS units FROM usage_events WHERE day = ? GROUP BY account_id",
        (day,),
    )
    return {row["account_id"]: row["units"] for row in rows}


def store(conn, day, totals, now=None, lease=None):
    """Replace the stored rollup of `day` with `totals`.

    With a `lease`, the rollup is written only while that lease is still current
    (LeaseLost otherwise, and nothing is written).
    """
    now = time.time() if now is None else now
    with db.immediate(conn):
        if lease is not None:
            check_fence(conn, lease)
        conn.execute("DELETE FROM rollups WHERE day = ?", (day,))
        conn.executemany(
            "INSERT INTO rollups (day, account_id, units, computed_at) VALUES (?, ?, ?, ?)",
            [(day, account, units, now) for account, units in sorted(totals.items())],
        )


def run(conn, day):
    totals = compute(conn, day)
    store(conn, day, totals)
    return totals


def run_exclusive(path, day, owner, ttl=LEASE_TTL, clock=time.time):
    """Run the rollup of `day` unless another worker is on it.

    Returns the totals, or None when the day's lease is held elsewhere. Raises LeaseLost
    if the lease was taken over while this worker was computing.
    """
    conn = db.connect(path)
    try:
        leases = LeaseStore(conn, clock)
        lease = leases.try_acquire(f"rollup:{day}", owner, ttl)
        if lease is None:
            return None
        keeper = LeaseKeeper(path, lease, ttl, clock=clock).start()
        try:
            totals = compute(conn, day)
            if keeper.lost.is_set():
                raise LeaseLost(lease.name)
            store(conn, day, totals, now=clock(), lease=keeper.lease)
        finally:
            keeper.stop()
            leases.release(keeper.lease)
        return totals
    finally:
        conn.close()
