"""Operator settings: each has a documented default, an environment variable and a CLI flag (the flag wins)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .env import EnvConfig, ReviewEnv
from .records import MEMORY, EpisodeRecords, RecordsError, default_db_path
from .sandbox import AUTO, LEVELS, PoolSettings, SandboxConfig, SandboxLimits, WorkerSandbox
from .sandbox.uids import DEFAULT_UID_BASE, UID_BASE_ENV
from .store import StoreLimits
from .tasks import TASKS_DIR_ENV, TaskRegistry, default_tasks_dir


class ConfigError(ValueError):
    """A setting has a value it cannot take; the message names the setting and what is accepted."""


@dataclass(frozen=True)
class Setting:
    flag: str
    env: str
    default: float | int
    kind: Callable[[str], float | int]
    help: str
    allow_zero: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("--max-steps", "CODING_ENV_MCP_MAX_STEPS", 5, int, "findings one episode accepts"),
    Setting("--max-episodes", "CODING_ENV_MCP_MAX_EPISODES", 256, int, "episodes open at once"),
    Setting("--episode-ttl", "CODING_ENV_MCP_EPISODE_TTL", 3600.0, float, "seconds an idle episode is kept"),
    Setting("--run-timeout", "CODING_ENV_MCP_RUN_TIMEOUT", 10.0, float, "default run_python wall-clock seconds"),
    Setting("--max-run-timeout", "CODING_ENV_MCP_MAX_RUN_TIMEOUT", 60.0, float, "largest timeout_s allowed"),
    Setting("--run-memory-mb", "CODING_ENV_MCP_RUN_MEMORY_MB", 1024, int, "run_python address-space limit"),
    Setting("--run-output-kb", "CODING_ENV_MCP_RUN_OUTPUT_KB", 64, int, "stdout/stderr kept per stream"),
    Setting("--workspace-mb", "CODING_ENV_MCP_WORKSPACE_MB", 64, int, "run_python workspace size limit"),
    Setting(
        "--run-concurrency",
        "CODING_ENV_MCP_RUN_CONCURRENCY",
        PoolSettings().max_concurrent,
        int,
        "run_python calls executing at once (more queue); default: CPU count, at least 2",
    ),
    Setting("--warm-workers", "CODING_ENV_MCP_WARM_WORKERS", 2, int, "started interpreters kept ready", True),
    Setting("--max-workers", "CODING_ENV_MCP_MAX_WORKERS", 32, int, "interpreters alive at once"),
    Setting("--worker-idle", "CODING_ENV_MCP_WORKER_IDLE", 600.0, float, "seconds before an idle interpreter stops"),
    Setting("--sandbox-uid-base", UID_BASE_ENV, DEFAULT_UID_BASE, int, "first of the uids workers run as (root)"),
)

ISOLATION_ENV = "CODING_ENV_MCP_ISOLATION"
REQUIRE_ISOLATION_ENV = "CODING_ENV_MCP_REQUIRE_ISOLATION"
SANDBOX_PYTHON_ENV = "CODING_ENV_MCP_SANDBOX_PYTHON"


DB_ENV = "CODING_ENV_MCP_DB"
RETENTION_ENV = "CODING_ENV_MCP_RETENTION_DAYS"


def _dest(setting: Setting) -> str:
    return setting.flag.lstrip("-").replace("-", "_")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--db`, shared by the server and the `episodes` commands."""
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help=f"episode record, an SQLite file, or {MEMORY} to keep nothing (env {DB_ENV}; default {default_db_path()})",
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


def open_records(args: argparse.Namespace, *, create: bool = True) -> EpisodeRecords:
    """The episode record named by `--db` / the environment, with the configured retention."""
    path, is_default = db_path(args)
    retention = _retention_days(args)
    if is_default and create:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the folder of the default episode database {path}: {exc}") from None
    try:
        return EpisodeRecords(path, create=create, retention_days=retention)
    except RecordsError as exc:
        raise ConfigError(f"--db: {exc}") from None


def _retention_days(args: argparse.Namespace) -> float | None:
    raw = getattr(args, "retention_days", None)
    source = "--retention-days"
    if raw is None:
        raw, source = os.environ.get(RETENTION_ENV), RETENTION_ENV
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{source}={raw!r} is not a number of days") from None
    if value <= 0:
        raise ConfigError(f"{source}={raw!r} must be greater than 0 (leave it unset to keep records forever)")
    return value


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


def add_settings(parser: argparse.ArgumentParser) -> None:
    """Add `--tasks-dir`, `--db`, `--retention-days`, the isolation choices and every setting's flag to `parser`."""
    parser.add_argument(
        "--tasks-dir",
        type=Path,
        default=None,
        help=f"task suite folder (env {TASKS_DIR_ENV}; default: the bundled suite)",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--retention-days",
        default=None,
        metavar="DAYS",
        help=f"delete episodes idle or finished for longer (env {RETENTION_ENV}; default: keep forever)",
    )
    add_sandbox_settings(parser)
    for setting in SETTINGS:
        parser.add_argument(
            setting.flag,
            dest=_dest(setting),
            default=None,
            metavar="N",
            help=f"{setting.help} (env {setting.env}; default {setting.default:g})",
        )


def setting_value(args: argparse.Namespace, setting: Setting) -> float | int:
    raw = getattr(args, _dest(setting), None)
    source = setting.flag
    if raw is None:
        raw = os.environ.get(setting.env)
        source = setting.env
    if raw is None:
        return setting.default
    try:
        value = setting.kind(raw)
    except ValueError:
        expected = "an integer" if setting.kind is int else "a number"
        raise ConfigError(f"{source}={raw!r} is not {expected}") from None
    if value < 0 or (value == 0 and not setting.allow_zero):
        raise ConfigError(f"{source}={raw!r} must be {'0 or more' if setting.allow_zero else 'greater than 0'}")
    return value


def _text(args: argparse.Namespace, dest: str, env: str) -> tuple[str | None, str]:
    """A text option's value and where it came from (flag, environment, or unset)."""
    raw = getattr(args, dest, None)
    if raw is not None:
        return raw, "--" + dest.replace("_", "-")
    return os.environ.get(env) or None, env


def sandbox_config(args: argparse.Namespace, protect: tuple[Path, ...] = ()) -> SandboxConfig:
    """The sandbox as configured by `args` and the environment; `protect` adds paths it must never read."""
    values = {_dest(s): setting_value(args, s) for s in SETTINGS}
    if values["run_timeout"] > values["max_run_timeout"]:
        raise ConfigError("--run-timeout must not exceed --max-run-timeout")
    isolation, isolation_source = _text(args, "isolation", ISOLATION_ENV)
    require, require_source = _text(args, "require_isolation", REQUIRE_ISOLATION_ENV)
    python, _ = _text(args, "sandbox_python", SANDBOX_PYTHON_ENV)
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
        )
        return SandboxConfig(
            limits=limits,
            pool=pool,
            isolation=isolation or AUTO,
            require=require,
            protect=protect,
            python=python,
            uid_base=values["sandbox_uid_base"],
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def build_env(args: argparse.Namespace) -> ReviewEnv:
    """The env core as configured by `args` and the environment (tasks are loaded and validated here)."""
    values = {_dest(s): setting_value(args, s) for s in SETTINGS}
    tasks_dir = args.tasks_dir or default_tasks_dir()
    sandbox_settings = sandbox_config(args, protect=(Path(tasks_dir),))  # checked before anything starts
    registry = TaskRegistry.load(tasks_dir)
    config = EnvConfig(
        max_steps=values["max_steps"],
        store=StoreLimits(max_episodes=values["max_episodes"], idle_ttl_s=values["episode_ttl"]),
    )
    records = open_records(args)
    try:
        sandbox = WorkerSandbox(sandbox_settings)
    except BaseException:
        records.close()
        raise
    return ReviewEnv(registry, sandbox, config, recorder=records)


def positive_int(raw: str) -> int:
    """An argparse type: a whole number above zero (counts, limits)."""
    value = int(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{raw!r} must be greater than 0")
    return value


def positive_float(raw: str) -> float:
    """An argparse type: a number above zero (seconds, days)."""
    value = float(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{raw!r} must be greater than 0")
    return value
