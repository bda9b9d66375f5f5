# Customers mistype codes all the time: a rejected code must hand its connection back to the pool.
import tempfile
from datetime import date
from pathlib import Path

from billing import credits, db

pool = db.create_pool(str(Path(tempfile.mkdtemp()) / "billing.db"), size=2, timeout=0.2)
with pool.connection() as conn:
    conn.execute("INSERT INTO accounts (id, email, credits) VALUES (1, 'kim@example.com', 0)")
    conn.executemany(
        "INSERT INTO vouchers (code, credits, expires_on) VALUES (?, ?, ?)",
        [("FAIR2024AAAA", 500, "2024-12-31"), ("OLDCODE12345", 100, "2023-01-31")],
    )

today = date(2024, 6, 1)
assert credits.redeem_voucher(pool, 1, "fair-2024-aaaa", today=today) == 500
assert pool.idle() == 2

rejected = 0
for code in ("NOSUCHCODE00", "FAIR2024AAAA", "OLDCODE12345"):  # unknown, already used, expired
    try:
        credits.redeem_voucher(pool, 1, code, today=today)
    except credits.VoucherError:
        rejected += 1
    assert pool.idle() == 2, f"after rejecting {code!r} only {pool.idle()} of 2 pooled connections are free"
assert rejected == 3
assert credits.balance(pool, 1) == 500
