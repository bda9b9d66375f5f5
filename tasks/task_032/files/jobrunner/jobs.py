"""Job definitions, read from the runner's jobs.toml.

    [jobs.nightly-backup]
    schedule = "30 2 * * *"
    command = "/opt/tools/backup --target s3://backups/db"
    timeout = 1800
    max_catchup = 1                 # optional, 1-60 (default 1)
    catchup_window_minutes = 360    # optional, 1-10080 (default 60)

A run that was missed (the runner was down, or a long job held up the loop) is still made later if
it was scheduled less than `catchup_window_minutes` ago. When several runs of a job are due at once,
the latest `max_catchup` of them are made, oldest first, and the older ones are skipped.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from jobrunner.cron import CronExpr

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KEYS = {"schedule", "command", "timeout", "max_catchup", "catchup_window_minutes"}
MAX_CATCHUP = 60
MAX_CATCHUP_WINDOW_MINUTES = 7 * 24 * 60


class JobError(ValueError):
    """A job definition that cannot be used."""


@dataclass(frozen=True)
class Job:
    name: str
    schedule: CronExpr
    command: tuple[str, ...]
    timeout: float = 300.0
    max_catchup: int = 1
    catchup_window_minutes: int = 60

    @property
    def catchup_window(self) -> timedelta:
        return timedelta(minutes=self.catchup_window_minutes)

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise JobError(f"bad job name {self.name!r}: lower-case letters, digits, - and _")
        if not self.command or any("\0" in arg for arg in self.command):
            raise JobError(f"{self.name}: empty command, or a NUL byte in it")
        if not 0 < self.timeout <= 24 * 3600:
            raise JobError(f"{self.name}: timeout must be between 0 and 86400 seconds")
        limits = {"max_catchup": MAX_CATCHUP, "catchup_window_minutes": MAX_CATCHUP_WINDOW_MINUTES}
        for key, highest in limits.items():
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
                raise JobError(f"{self.name}: {key} must be a whole number from 1 to {highest}")


def _job_from_table(name: str, table: dict[str, object]) -> Job:
    unknown = set(table) - _KEYS
    if unknown:
        raise JobError(f"{name}: unknown keys {sorted(unknown)}")
    schedule, command = table.get("schedule"), table.get("command")
    if not isinstance(schedule, str) or not isinstance(command, str):
        raise JobError(f"{name}: schedule and command must be strings")
    timeout = table.get("timeout", 300.0)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise JobError(f"{name}: timeout must be a number of seconds")
    try:
        expr = CronExpr.parse(schedule)
        argv = tuple(shlex.split(command))
    except ValueError as exc:  # a CronError, or shlex's "No closing quotation"
        raise JobError(f"{name}: {exc}") from exc
    catchup = {key: table[key] for key in ("max_catchup", "catchup_window_minutes") if key in table}
    return Job(name, expr, argv, float(timeout), **catchup)


def load_jobs(path: str | Path) -> list[Job]:
    with open(path, "rb") as source:
        data = tomllib.load(source)
    tables = data.get("jobs", {})
    if not isinstance(tables, dict):
        raise JobError("[jobs] must be a table of job tables")
    jobs = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise JobError(f"jobs.{name} must be a table")
        jobs.append(_job_from_table(name, table))
    return jobs
