"""Every operator setting in one place: its flag, its environment variable, its default, and how a value is read.

A setting comes from its CLI flag, else its environment variable, else its documented default (the flag
wins). Each environment-variable name is spelled here once and imported wherever it is read, so the
docs, `--help` and the code cannot drift apart. Standard library only: the container's HEALTHCHECK and
the sandbox import it, and neither may pay for anything heavier.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass

ENV_PREFIX = "CODING_ENV_MCP_"

# Where things are.
TASKS_DIR_ENV = "CODING_ENV_MCP_TASKS_DIR"
DB_ENV = "CODING_ENV_MCP_DB"
RETENTION_ENV = "CODING_ENV_MCP_RETENTION_DAYS"
SANDBOX_DIR_ENV = "CODING_ENV_MCP_SANDBOX_DIR"
TASK_CACHE_ENV = "CODING_ENV_MCP_TASK_CACHE"

# Grading.
FEEDBACK_ENV = "CODING_ENV_MCP_FEEDBACK"

# run_python isolation.
ISOLATION_ENV = "CODING_ENV_MCP_ISOLATION"
REQUIRE_ISOLATION_ENV = "CODING_ENV_MCP_REQUIRE_ISOLATION"
SANDBOX_PYTHON_ENV = "CODING_ENV_MCP_SANDBOX_PYTHON"
UID_BASE_ENV = "CODING_ENV_MCP_SANDBOX_UID_BASE"

# The HTTP transports. The token is read from the environment only: a command line is visible to every user (`ps`).
TOKEN_ENV = "CODING_ENV_MCP_TOKEN"
HOST_ENV = "CODING_ENV_MCP_HOST"
ALLOWED_HOSTS_ENV = "CODING_ENV_MCP_ALLOWED_HOSTS"
CORS_ORIGINS_ENV = "CODING_ENV_MCP_CORS_ORIGINS"
STATELESS_ENV = "CODING_ENV_MCP_STATELESS"
ACCESS_LOG_ENV = "CODING_ENV_MCP_ACCESS_LOG"

# The chat-completions agent of `eval` (each also falls back to the OpenAI SDK's own variable).
OPENAI_ENV_PREFIX = "CODING_ENV_MCP_OPENAI_"
OPENAI_BASE_URL_ENV = "CODING_ENV_MCP_OPENAI_BASE_URL"
OPENAI_MODEL_ENV = "CODING_ENV_MCP_OPENAI_MODEL"
OPENAI_API_KEY_ENV = "CODING_ENV_MCP_OPENAI_API_KEY"
OPENAI_TEMPERATURE_ENV = "CODING_ENV_MCP_OPENAI_TEMPERATURE"
OPENAI_TIMEOUT_ENV = "CODING_ENV_MCP_OPENAI_TIMEOUT"

DEFAULT_UID_BASE = 1_900_000_000
# A record grows with every call (outputs included): by default an episode inactive for this long is deleted.
DEFAULT_RETENTION_DAYS = 30.0
DEFAULT_RUN_CONCURRENCY = max(2, os.cpu_count() or 2)
# Below the shortest common MCP client timeout (openai-agents waits 5 s by default), so a call that runs to its
# limit still answers with its output and a timeout result instead of the client giving up on it; a call may
# ask for up to --max-run-timeout.
DEFAULT_RUN_TIMEOUT_S = 4.0
# The memory run_python's interpreters may use together (summed PSS; ~7 MB each under bubblewrap, so ~140 live
# notebooks); past it the least recently used idle one is stopped and restored by replay when next called.
DEFAULT_SANDBOX_MEMORY_MB = 1024
# A ceiling on the interpreters' number (processes, uids, file descriptors); the memory budget binds first.
DEFAULT_MAX_WORKERS = 1024


class ConfigError(ValueError):
    """A setting has a value it cannot take; the message names the setting and what is accepted."""


@dataclass(frozen=True)
class Setting:
    """A numeric setting: flag, environment variable, default, type, and the help line `--help` shows."""

    flag: str
    env: str
    default: float | int
    kind: Callable[[str], float | int]
    help: str
    allow_zero: bool = False

    @property
    def dest(self) -> str:
        """The argparse attribute the flag is stored in."""
        return self.flag.lstrip("-").replace("-", "_")


# The env core and run_python's sandbox.
MAX_STEPS = Setting("--max-steps", "CODING_ENV_MCP_MAX_STEPS", 5, int, "findings one episode accepts")
MAX_EPISODES = Setting("--max-episodes", "CODING_ENV_MCP_MAX_EPISODES", 1024, int, "episodes open at once")
EPISODE_TTL = Setting("--episode-ttl", "CODING_ENV_MCP_EPISODE_TTL", 3600.0, float, "seconds an idle episode is kept")
SETTINGS: tuple[Setting, ...] = (
    MAX_STEPS,
    MAX_EPISODES,
    EPISODE_TTL,
    Setting(
        "--run-timeout",
        "CODING_ENV_MCP_RUN_TIMEOUT",
        DEFAULT_RUN_TIMEOUT_S,
        float,
        "default run_python wall-clock seconds",
    ),
    Setting("--max-run-timeout", "CODING_ENV_MCP_MAX_RUN_TIMEOUT", 60.0, float, "largest timeout_s allowed"),
    Setting("--run-memory-mb", "CODING_ENV_MCP_RUN_MEMORY_MB", 1024, int, "run_python address-space limit"),
    Setting("--run-output-kb", "CODING_ENV_MCP_RUN_OUTPUT_KB", 64, int, "stdout/stderr kept per stream"),
    Setting("--workspace-mb", "CODING_ENV_MCP_WORKSPACE_MB", 64, int, "run_python workspace size limit"),
    Setting(
        "--run-concurrency",
        "CODING_ENV_MCP_RUN_CONCURRENCY",
        DEFAULT_RUN_CONCURRENCY,
        int,
        "run_python calls executing at once (more queue); default: CPU count, at least 2",
    ),
    Setting("--warm-workers", "CODING_ENV_MCP_WARM_WORKERS", 2, int, "started interpreters kept ready", True),
    Setting(
        "--sandbox-memory-mb",
        "CODING_ENV_MCP_SANDBOX_MEMORY_MB",
        DEFAULT_SANDBOX_MEMORY_MB,
        int,
        "memory (MB, measured PSS) run_python's interpreters may use together; past it the least recently used "
        "idle one stops and its notebook is replayed on its next call",
    ),
    Setting(
        "--max-workers",
        "CODING_ENV_MCP_MAX_WORKERS",
        DEFAULT_MAX_WORKERS,
        int,
        "interpreters alive at once, at most (the memory budget usually binds first)",
    ),
    Setting("--worker-idle", "CODING_ENV_MCP_WORKER_IDLE", 600.0, float, "seconds before an idle interpreter stops"),
    Setting("--sandbox-uid-base", UID_BASE_ENV, DEFAULT_UID_BASE, int, "first of the uids workers run as (root)"),
)

# The HTTP transports.
PORT = Setting("--port", "CODING_ENV_MCP_PORT", 8000, int, "TCP port")
MAX_BODY_KB = Setting(
    "--max-body-kb", "CODING_ENV_MCP_MAX_BODY_KB", 1024, int, "largest request body accepted (larger: 413)"
)
SHUTDOWN_GRACE = Setting(
    "--shutdown-grace",
    "CODING_ENV_MCP_SHUTDOWN_GRACE",
    5.0,
    float,
    "seconds in-flight requests get to finish after SIGTERM",
)
HEADER_TIMEOUT = Setting(
    "--header-timeout",
    "CODING_ENV_MCP_HEADER_TIMEOUT",
    10.0,
    float,
    "seconds a connection may take to send a complete request head (then it is closed)",
)
MAX_CONNECTIONS = Setting(
    "--max-connections",
    "CODING_ENV_MCP_MAX_CONNECTIONS",
    1000,
    int,
    "open connections served at once; past it new requests are answered 503",
)
HTTP_SETTINGS: tuple[Setting, ...] = (PORT, MAX_BODY_KB, SHUTDOWN_GRACE, HEADER_TIMEOUT, MAX_CONNECTIONS)


def add_setting_flags(parser: argparse.ArgumentParser | argparse._ArgumentGroup, settings: tuple[Setting, ...]) -> None:
    """Add each setting's flag, its help naming the environment variable and the default."""
    for setting in settings:
        parser.add_argument(
            setting.flag,
            dest=setting.dest,
            default=None,
            metavar="N",
            help=f"{setting.help} (env {setting.env}; default {setting.default:g})",
        )


def setting_value(args: argparse.Namespace, setting: Setting) -> float | int:
    """The setting's value from its flag, else its environment variable, else its default; checked."""
    raw = getattr(args, setting.dest, None)
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


def text_setting(args: argparse.Namespace, dest: str, env: str) -> tuple[str | None, str]:
    """A text option's value and where it came from (flag, environment, or unset)."""
    raw = getattr(args, dest, None)
    if raw is not None:
        return raw, "--" + dest.replace("_", "-")
    return os.environ.get(env) or None, env


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
