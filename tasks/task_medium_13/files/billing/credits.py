"""Prepaid credits: balances, top-ups and voucher codes."""

import sqlite3
from datetime import date

from billing.pool import ConnectionPool


class UnknownAccount(LookupError):
    pass


class VoucherError(ValueError):
    """The code cannot be redeemed; the message is safe to show to the user."""


def balance(pool: ConnectionPool, account_id: int) -> int:
    with pool.connection() as conn:
        row = conn.execute("SELECT credits FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise UnknownAccount(account_id)
    return row[0]


def add_credits(pool: ConnectionPool, account_id: int, amount: int, reason: str) -> int:
    """Add `amount` credits and record why; returns the new balance."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    with pool.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        updated = conn.execute("UPDATE accounts SET credits = credits + ? WHERE id = ?", (amount, account_id))
        if updated.rowcount != 1:
            conn.rollback()
            raise UnknownAccount(account_id)
        conn.execute("INSERT INTO ledger (account_id, delta, reason) VALUES (?, ?, ?)", (account_id, amount, reason))
        conn.commit()
        return conn.execute("SELECT credits FROM accounts WHERE id = ?", (account_id,)).fetchone()[0]


def normalise_code(code: str) -> str:
    """Codes are printed as XXXX-XXXX-XXXX; accept them in any case, with or without dashes and spaces."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def redeem_voucher(pool: ConnectionPool, account_id: int, code: str, today: date | None = None) -> int:
    """Redeem a voucher code for `account_id`; returns the number of credits added.

    The voucher check and the credit happen in one IMMEDIATE transaction, so a code can only ever
    be redeemed once even when two requests race.
    """
    today = today or date.today()
    code = normalise_code(code)
    conn = pool.acquire()
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "SELECT credits, expires_on, redeemed_by FROM vouchers WHERE code = ?", (code,)
        ).fetchone()
        if row is None:
            raise VoucherError("This code is not valid.")
        credits, expires_on, redeemed_by = row
        if redeemed_by is not None:
            raise VoucherError("This code has already been used.")
        if date.fromisoformat(expires_on) < today:
            raise VoucherError("This code has expired.")
        updated = conn.execute("UPDATE accounts SET credits = credits + ? WHERE id = ?", (credits, account_id))
        if updated.rowcount != 1:
            raise UnknownAccount(account_id)
        conn.execute(
            "UPDATE vouchers SET redeemed_by = ?, redeemed_at = datetime('now') WHERE code = ?",
            (account_id, code),
        )
        conn.execute(
            "INSERT INTO ledger (account_id, delta, reason) VALUES (?, ?, ?)",
            (account_id, credits, f"voucher {code}"),
        )
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        raise
    pool.release(conn)
    return credits
