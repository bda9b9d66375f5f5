"""Runs queued jobs, one at a time per worker thread, and records how each one ended."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.contacts import dedupe, export, importer
from app.db import Pool
from app.jobs import JobError, store
from app.jobs.store import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobContext:
    pool: Pool
    data_dir: str


# A handler returns the job's result (shown on the jobs page) or raises: any exception marks the
# job failed, with the message of a JobError, or as an internal error.
Handler = Callable[[JobContext, Job], dict]

HANDLERS: dict[str, Handler] = {
    "contacts.dedupe": dedupe.run,
    "contacts.export": export.run,
    "contacts.import": importer.run,
}

INTERNAL_ERROR = "Something went wrong on our side; we have been notified."


def run_one(ctx: JobContext) -> bool:
    """Run the oldest queued job; False if there was none."""
    with ctx.pool.connection() as conn:
        job = store.claim_next(conn)
    if job is None:
        return False
    try:
        handler = HANDLERS[job.kind]
        result = handler(ctx, job)
    except JobError as exc:
        log.info("job %s (%s) failed: %s", job.id, job.kind, exc)
        with ctx.pool.connection() as conn:
            store.finish(conn, job.id, "failed", error=str(exc))
    except Exception:
        # internals (paths, SQL) are for the log, not for the user
        log.exception("job %s (%s) failed", job.id, job.kind)
        with ctx.pool.connection() as conn:
            store.finish(conn, job.id, "failed", error=INTERNAL_ERROR)
    else:
        with ctx.pool.connection() as conn:
            store.finish(conn, job.id, "succeeded", result=result)
    return True
