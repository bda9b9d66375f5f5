"""Composing the env from settings: the command line and environment in, a ready `ReviewEnv` out.

The settings themselves (flags, environment variables, defaults) are declared in `settings`; this is the one
place that turns them into a task registry, an episode record and a sandbox, and hands them to the env.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.env import EnvConfig, ReviewEnv
from ..core.live_episodes import StoreLimits
from ..core.task_cache import default_cache_dir, load_registry
from ..core.tasks import check_tasks_dir, default_tasks_dir
from ..models import FEEDBACK_MODES, FeedbackMode
from ..records.sql import EpisodeRecords, RecordsError, is_postgres_url
from ..records.sqlite import MEMORY, SqliteRecords, default_db_path
from ..sandbox import AUTO, LEVELS, PoolSettings, SandboxConfig, SandboxLimits, WorkerSandbox
from ..settings import (
    DB_ENV,
    DEFAULT_RETENTION_DAYS,
    FEEDBACK_ENV,
    ISOLATION_ENV,
    REQUIRE_ISOLATION_ENV,
    RETENTION_ENV,
    SANDBOX_PYTHON_ENV,
    SETTINGS,
    TASK_CACHE_ENV,
    TASKS_DIR_ENV,
    ConfigError,
    add_setting_flags,
    setting_value,
    text_setting,
)

# The `--task-cache` value that turns the cache off.
NO_CACHE = "off"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--db`, shared by the server and the `episodes` commands."""
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH|URL",
        help=f"episode record: an SQLite file, {MEMORY} to keep nothing, or a postgresql://user:password@host/db "
        f"URL that replicas share (env {DB_ENV}; default {default_db_path()})",
    )


def db_path(args: argparse.Namespace) -> tuple[str, bool]:
    """The episode database path from `--db`, else the environment, else the per-user default.

    Returns the path and whether it is the default (whose folder may be created; an explicit path's
    folder must already exist, so a typo does not silently scatter databases).
    """
    explicit = getattr(args, "db", None) or os.environ.get(DB_ENV)
    if explicit:
        return explicit, False
    return str(default_db_path()), True


def open_records(
    args: argparse.Namespace, *, create: bool = True, default_retention: float | None = None
) -> EpisodeRecords:
    """The episode record named by `--db` / the environment, with the configured retention (the server passes
    its default; the `episodes` commands read a record without pruning it unless asked)."""
    path, is_default = db_path(args)
    retention = _retention_days(args, default_retention)
    if is_postgres_url(path):
        return _postgres_records(path, create, retention)
    if is_default and create:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the folder of the default episode database {path}: {exc}") from None
    try:
        return SqliteRecords(path, create=create, retention_days=retention)
    except RecordsError as exc:
        raise ConfigError(f"--db: {exc}") from None


def _postgres_records(url: str, create: bool, retention: float | None) -> EpisodeRecords:
    """The shared PostgreSQL record; its driver is an optional dependency, imported only when asked for."""
    try:
        from ..records.postgres import PostgresRecords
    except ImportError:
        raise ConfigError(
            "--db: a postgresql:// record needs the PostgreSQL driver: pip install 'coding-env-mcp[postgres]'"
        ) from None
    try:
        return PostgresRecords(url, create=create, retention_days=retention)
    except RecordsError as exc:
        raise ConfigError(f"--db: {exc}") from None


def _retention_days(args: argparse.Namespace, default: float | None) -> float | None:
    """Days an inactive episode is kept; None keeps records forever (`--retention-days 0`)."""
    raw = getattr(args, "retention_days", None)
    source = "--retention-days"
    if raw is None:
        raw, source = os.environ.get(RETENTION_ENV), RETENTION_ENV
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{source}={raw!r} is not a number of days") from None
    if value < 0:
        raise ConfigError(f"{source}={raw!r} must be 0 (keep records forever) or a number of days above 0")
    return value or None


def add_sandbox_settings(parser: argparse.ArgumentParser) -> None:
    """Add the isolation choices: which level, which minimum, which interpreter."""
    parser.add_argument(
        "--isolation",
        default=None,
        metavar="LEVEL",
        help=f"run_python isolation: {AUTO} (strongest that works) or one of {', '.join(LEVELS)} "
        f"(env {ISOLATION_ENV}; default {AUTO})",
    )
    parser.add_argument(
        "--require-isolation",
        default=None,
        metavar="LEVEL",
        help=f"refuse to start below this level: {', '.join(LEVELS)} (env {REQUIRE_ISOLATION_ENV})",
    )
    parser.add_argument(
        "--sandbox-python",
        default=None,
        metavar="PATH",
        help=f"interpreter run_python uses (env {SANDBOX_PYTHON_ENV}; default: the server's base interpreter)",
    )


def add_task_cache_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--task-cache`: where the validated suite is cached between starts."""
    parser.add_argument(
        "--task-cache",
        default=None,
        metavar="DIR",
        help=f"folder caching the validated task suite between starts, or {NO_CACHE} to validate it at every "
        f"start (env {TASK_CACHE_ENV}; default {default_cache_dir()})",
    )


def task_cache_dir(args: argparse.Namespace) -> Path | None:
    """The task cache folder from `--task-cache`, else the environment, else the per-user default; None when off."""
    value, _ = text_setting(args, "task_cache", TASK_CACHE_ENV)
    if value is None:
        return default_cache_dir()
    return None if value == NO_CACHE else Path(value)


def add_settings(parser: argparse.ArgumentParser) -> None:
    """Add `--tasks-dir`, `--task-cache`, `--db`, `--retention-days`, the isolation choices and every setting's
    flag to `parser`."""
    parser.add_argument(
        "--tasks-dir",
        type=Path,
        default=None,
        help=f"task suite folder (env {TASKS_DIR_ENV}; default: the bundled suite)",
    )
    add_task_cache_argument(parser)
    add_db_argument(parser)
    parser.add_argument(
        "--retention-days",
        default=None,
        metavar="DAYS",
        help=f"delete episodes idle or finished for longer; 0 keeps them forever (env {RETENTION_ENV}; default "
        f"{DEFAULT_RETENTION_DAYS:g})",
    )
    parser.add_argument(
        "--feedback",
        default=None,
        metavar="MODE",
        help=f"grading feedback: full (each finding graded at once, for training) or blind (grades only once "
        f"an episode ends, for evaluation); reset_episode may override it per episode (env {FEEDBACK_ENV}; "
        "default full)",
    )
    add_sandbox_settings(parser)
    add_setting_flags(parser, SETTINGS)


def sandbox_config(args: argparse.Namespace, protect: tuple[Path, ...] = ()) -> SandboxConfig:
    """The sandbox as configured by `args` and the environment.

    Sandboxed code must never read `protect`, the bundled task suite (its answer keys), whichever suite is served,
    nor the task cache (it holds the answer keys too).
    """
    values = {s.dest: setting_value(args, s) for s in SETTINGS}
    if values["run_timeout"] > values["max_run_timeout"]:
        raise ConfigError("--run-timeout must not exceed --max-run-timeout")
    isolation, isolation_source = text_setting(args, "isolation", ISOLATION_ENV)
    require, require_source = text_setting(args, "require_isolation", REQUIRE_ISOLATION_ENV)
    python, _ = text_setting(args, "sandbox_python", SANDBOX_PYTHON_ENV)
    if isolation is not None and isolation not in (AUTO, *LEVELS):
        raise ConfigError(
            f"{isolation_source}={isolation!r} is not an isolation level; accepted: {AUTO}, {', '.join(LEVELS)}"
        )
    if require is not None and require not in LEVELS:
        raise ConfigError(f"{require_source}={require!r} is not an isolation level; accepted: {', '.join(LEVELS)}")
    try:
        limits = SandboxLimits(
            default_timeout_s=values["run_timeout"],
            max_timeout_s=values["max_run_timeout"],
            memory_bytes=values["run_memory_mb"] * 1024 * 1024,
            max_output_bytes=values["run_output_kb"] * 1024,
            workspace_bytes=values["workspace_mb"] * 1024 * 1024,
        )
        pool = PoolSettings(
            max_concurrent=values["run_concurrency"],
            warm_workers=values["warm_workers"],
            max_workers=values["max_workers"],
            idle_s=values["worker_idle"],
            memory_budget_bytes=values["sandbox_memory_mb"] * 1024 * 1024,
        )
        return SandboxConfig(
            limits=limits,
            pool=pool,
            isolation=isolation or AUTO,
            require=require,
            protect=(*protect, default_tasks_dir(), *_cache_dirs(args)),
            python=python,
            uid_base=values["sandbox_uid_base"],
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _cache_dirs(args: argparse.Namespace) -> tuple[Path, ...]:
    cache_dir = task_cache_dir(args)
    return () if cache_dir is None else (cache_dir,)


def feedback_mode(args: argparse.Namespace) -> FeedbackMode:
    """The server's default feedback mode from `--feedback` or the environment."""
    value, source = text_setting(args, "feedback", FEEDBACK_ENV)
    if value is None:
        return "full"
    if value not in FEEDBACK_MODES:
        raise ConfigError(f"{source}={value!r} is not a feedback mode; accepted: {', '.join(FEEDBACK_MODES)}")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class EnvPlan:
    """The env, checked and ready to build: `build()` makes it, `discard()` lets go of what was opened for it.

    `urgent` says the build holds a check the operator asked to pass before anything is served (a required
    isolation level), so it must not wait for a client's handshake.
    """

    build: Callable[[], ReviewEnv]
    discard: Callable[[], None]
    urgent: bool = False


def plan_env(args: argparse.Namespace) -> EnvPlan:
    """Check every setting and open the record now; return the plan that builds the rest of the env.

    Everything a user can get wrong on the command line fails here, before anything is served. What the
    returned function does — load and validate the task suite, probe the isolation levels — takes a noticeable
    part of a second and grows with the suite, so the stdio server does it once a client's handshake is answered.
    """
    values = {s.dest: setting_value(args, s) for s in SETTINGS}
    tasks_dir = args.tasks_dir or default_tasks_dir()
    check_tasks_dir(tasks_dir)
    cache_dir = task_cache_dir(args)
    sandbox_settings = sandbox_config(args, protect=(Path(tasks_dir),))
    config = EnvConfig(
        max_steps=values["max_steps"],
        store=StoreLimits(max_episodes=values["max_episodes"], idle_ttl_s=values["episode_ttl"]),
        feedback=feedback_mode(args),
    )
    records = open_records(args, default_retention=DEFAULT_RETENTION_DAYS)

    def build() -> ReviewEnv:
        try:
            registry = load_registry(Path(tasks_dir), cache_dir)  # before the sandbox, which protects the cache
            sandbox = WorkerSandbox(sandbox_settings)
        except BaseException:
            records.close()
            raise
        return ReviewEnv(registry, sandbox, config, recorder=records)

    return EnvPlan(build, records.close, urgent=sandbox_settings.require is not None)


def build_env(args: argparse.Namespace) -> ReviewEnv:
    """The env core as configured by `args` and the environment (tasks are loaded and validated here)."""
    return plan_env(args).build()


# How long the stdio server leaves a fresh client alone before it loads the task suite and starts the sandbox.
# A client's handshake (`initialize`, `tools/list`, `resources/templates/list`, `prompts/list`) is answered within
# milliseconds of the server starting to read; building the env meanwhile would compete with it for the CPU (and
# for the interpreter lock), slowing the handshake by about as long as the build takes. Anything that needs the env
# before then starts the build at once.
BUILD_GRACE_S = 0.5


class BackgroundEnv:
    """A `ReviewEnv` built in a background thread, shortly after the server starts answering.

    A client's first requests (`initialize`, `tools/list`, `resources/templates/list`) need no task, sandbox or
    record, so they neither wait for the suite to load nor share the CPU with it, however large it grows. The build
    starts `delay_s` after this object is made, or at once when something needs the env (any use of it waits for
    it); an urgent plan starts at once. A build that fails ends the process as a failed start does (`on_error`
    reports it and exits). A server whose client leaves before the build began stops at once, building nothing.
    """

    def __init__(self, plan: EnvPlan, on_error: Callable[[BaseException], None], delay_s: float = 0.0):
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._ready = threading.Event()
        self._cancelled = False
        self._env: ReviewEnv | None = None
        self._on_error = on_error
        if plan.urgent or delay_s <= 0:
            self._wanted.set()  # committed: close() waits for this build, whatever happens first
        self._thread = threading.Thread(target=self._build, args=(plan, delay_s), name="env-build", daemon=True)
        self._thread.start()

    def _build(self, plan: EnvPlan, delay_s: float) -> None:
        self._wanted.wait(delay_s)
        with self._lock:
            if self._cancelled:
                plan.discard()
                self._ready.set()
                return
            self._wanted.set()  # from here on, close() waits for the build to finish
        try:
            self._env = plan.build()
        except BaseException as exc:  # fatal: reported by on_error, which ends the process
            self._on_error(exc)
        finally:
            self._ready.set()

    @property
    def started(self) -> bool:
        """Whether the build has begun (or is committed to begin)."""
        return self._wanted.is_set()

    def wait(self) -> ReviewEnv:
        self._wanted.set()
        self._ready.wait()
        if self._env is None:
            raise RuntimeError("the environment failed to start or the server is stopping")
        return self._env

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wait(), name)

    def close(self) -> None:
        """Stop: close the env once its build has finished, or cancel a build that has not begun."""
        with self._lock:
            if not self._wanted.is_set():
                self._cancelled = True
                self._wanted.set()
        self._ready.wait()
        if self._env is not None:
            self._env.close()
