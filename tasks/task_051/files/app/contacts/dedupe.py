"""Job "contacts.dedupe": merge contacts whose emails differ only in case (from before emails were
normalised on the way in)."""

from __future__ import annotations

from app.jobs.store import Job


def run(ctx, job: Job) -> dict:
    with ctx.pool.connection() as conn, conn:
        rows = conn.execute(
            "SELECT id, lower(email) FROM contacts WHERE owner_id = ? ORDER BY id", (job.owner_id,)
        ).fetchall()
        seen: dict[str, int] = {}
        duplicates = []
        for contact_id, email in rows:
            if email in seen:
                duplicates.append((contact_id,))
            else:
                seen[email] = contact_id
        conn.executemany("DELETE FROM contacts WHERE id = ?", duplicates)
        conn.execute("UPDATE contacts SET email = lower(email) WHERE owner_id = ?", (job.owner_id,))
    return {"merged": len(duplicates)}
