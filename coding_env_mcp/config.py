"""Operator settings: each has a documented default, an environment variable and a CLI flag (the flag wins)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .env import EnvConfig, ReviewEnv
from .sandbox import ProcessSandbox, SandboxLimits
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


SETTINGS: tuple[Setting, ...] = (
    Setting("--max-steps", "CODING_ENV_MCP_MAX_STEPS", 5, int, "findings one episode accepts"),
    Setting("--max-episodes", "CODING_ENV_MCP_MAX_EPISODES", 256, int, "episodes open at once"),
    Setting("--episode-ttl", "CODING_ENV_MCP_EPISODE_TTL", 3600.0, float, "seconds an idle episode is kept"),
    Setting("--run-timeout", "CODING_ENV_MCP_RUN_TIMEOUT", 10.0, float, "default run_python wall-clock seconds"),
    Setting("--max-run-timeout", "CODING_ENV_MCP_MAX_RUN_TIMEOUT", 60.0, float, "largest timeout_s allowed"),
    Setting("--run-memory-mb", "CODING_ENV_MCP_RUN_MEMORY_MB", 1024, int, "run_python address-space limit"),
    Setting("--run-output-kb", "CODING_ENV_MCP_RUN_OUTPUT_KB", 64, int, "stdout/stderr kept per stream"),
)


def _dest(setting: Setting) -> str:
    return setting.flag.lstrip("-").replace("-", "_")


def add_settings(parser: argparse.ArgumentParser) -> None:
    """Add `--tasks-dir` and every setting's flag to `parser`."""
    parser.add_argument(
        "--tasks-dir",
        type=Path,
        default=None,
        help=f"task suite folder (env {TASKS_DIR_ENV}; default: the bundled suite)",
    )
    for setting in SETTINGS:
        parser.add_argument(
            setting.flag,
            dest=_dest(setting),
            default=None,
            metavar="N",
            help=f"{setting.help} (env {setting.env}; default {setting.default:g})",
        )


def _value(args: argparse.Namespace, setting: Setting) -> float | int:
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
    if value <= 0:
        raise ConfigError(f"{source}={raw!r} must be greater than 0")
    return value


def build_env(args: argparse.Namespace) -> ReviewEnv:
    """The env core as configured by `args` and the environment (tasks are loaded and validated here)."""
    values = {_dest(s): _value(args, s) for s in SETTINGS}
    if values["run_timeout"] > values["max_run_timeout"]:
        raise ConfigError("--run-timeout must not exceed --max-run-timeout")
    registry = TaskRegistry.load(args.tasks_dir or default_tasks_dir())
    limits = SandboxLimits(
        default_timeout_s=values["run_timeout"],
        max_timeout_s=values["max_run_timeout"],
        memory_bytes=values["run_memory_mb"] * 1024 * 1024,
        max_output_bytes=values["run_output_kb"] * 1024,
    )
    config = EnvConfig(
        max_steps=values["max_steps"],
        store=StoreLimits(max_episodes=values["max_episodes"], idle_ttl_s=values["episode_ttl"]),
    )
    return ReviewEnv(registry, ProcessSandbox(limits), config)
