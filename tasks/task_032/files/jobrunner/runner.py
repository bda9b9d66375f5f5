"""The runner loop: once a minute, run the jobs that are due.

Jobs run one after another in the runner's process group, each with its timeout. A run is recorded in
the state file when it finishes, whatever its exit status; failures are logged, not retried. Runs
missed while the runner was down or busy are made up as the job's catch-up settings allow (see
jobrunner.jobs). `{scheduled_for}` in a command's arguments becomes the run's scheduled time, in
ISO 8601, so a catch-up run can work on the period it was meant for.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from jobrunner.jobs import Job
from jobrunner.state import StateFile

log = logging.getLogger(__name__)

Execute = Callable[[Sequence[str], float], "int | None"]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def run_command(argv: Sequence[str], timeout: float) -> int | None:
    """Run one job's command; its exit status, or None if it could not start or timed out."""
    try:
        return subprocess.run(list(argv), stdin=subprocess.DEVNULL, timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        log.error("%s: killed after %.0f s", argv[0], timeout)
    except OSError as exc:
        log.error("%s: could not start: %s", argv[0], exc)
    return None


@dataclass(frozen=True)
class RunResult:
    job: str
    scheduled_for: datetime
    returncode: int | None


class Runner:
    def __init__(
        self,
        jobs: Sequence[Job],
        state: StateFile,
        clock: Callable[[], datetime] = utc_now,
        execute: Execute = run_command,
    ) -> None:
        self.jobs = list(jobs)
        self.state = state
        self._clock = clock
        self._execute = execute

    def tick(self) -> list[RunResult]:
        """Make every job's due runs (see due_runs), job by job."""
        now = self._clock()
        results = []
        for job in self.jobs:
            for scheduled_for in self.due_runs(job, now):
                results.append(self._run(job, scheduled_for))
        return results

    def due_runs(self, job: Job, now: datetime) -> list[datetime]:
        """The runs of `job` to make at `now`, oldest first.

        A run is due if it was scheduled after the job's last recorded run, at or before `now`, and
        less than `job.catchup_window` before `now`. Of the due runs the latest `job.max_catchup`
        are made. A job that has never run starts at the current minute rather than replaying its
        past.
        """
        last = self.state.last_run(job.name)
        if last is None:
            last = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
        due = list(job.schedule.fire_times(max(last, now - job.catchup_window), now))
        if len(due) > job.max_catchup:
            log.warning(
                "%s: %d runs due, skipping all but the latest %d (the oldest was scheduled for %s)",
                job.name,
                len(due),
                job.max_catchup,
                due[0].isoformat(),
            )
        return due[-job.max_catchup :]

    def _run(self, job: Job, scheduled_for: datetime) -> RunResult:
        stamp = scheduled_for.isoformat()
        log.info("%s: starting the %s run", job.name, stamp)
        argv = [arg.replace("{scheduled_for}", stamp) for arg in job.command]
        returncode = self._execute(argv, job.timeout)
        if returncode != 0:
            log.warning("%s: the %s run failed (%s)", job.name, stamp, returncode)
        self.state.record(job.name, scheduled_for)
        return RunResult(job.name, scheduled_for, returncode)

    def run_forever(self, sleep: Callable[[float], None] = time.sleep) -> None:
        while True:
            self.tick()
            now = self._clock()
            sleep(60 - now.second - now.microsecond / 1_000_000)
