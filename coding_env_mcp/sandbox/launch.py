"""How a worker is started at each isolation level: its command line, environment, user and directories.

A `Plan` is everything fixed for one sandbox; `launch_spec` turns it into the arguments of one worker's
`Popen`. The kernel's source goes on the command line (`python -I -S -c`), so nothing of the server's
package needs to be visible inside the sandbox.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .hostdirs import SANDBOX_ID, HostDirs
from .limits import SandboxLimits
from .runtime import Runtime

WORKSPACE_IN_BWRAP = "/workspace"
_SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@cache
def kernel_source() -> str:
    return (Path(__file__).with_name("kernel.py")).read_text(encoding="utf-8")


@cache
def bwrap_supports(bwrap: str, option: str) -> bool:
    """Whether this bubblewrap knows `option` (older releases lack e.g. --disable-userns)."""
    try:
        result = subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return False
    return option in result.stdout + result.stderr


@dataclass(frozen=True)
class Plan:
    """One sandbox's fixed choices. `drop_uid`: each worker runs under a uid of its own (the server is root)."""

    level: str
    runtime: Runtime
    limits: SandboxLimits
    dirs: HostDirs
    drop_uid: bool
    bwrap: str | None = None
    masked: tuple[str, ...] = ()
    seccomp: str = "best-effort"
    deny_sockets: bool = True
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def host_workspace(self) -> bool:
        """Whether workspaces are host directories (otherwise a tmpfs inside bubblewrap)."""
        return self.level != "bwrap"


@dataclass(frozen=True)
class LaunchSpec:
    argv: list[str]
    env: dict[str, str]
    cwd: str
    workspace: str  # the workspace path as the code sees it


def _env(plan: Plan, home: str, tmpdir: str) -> dict[str, str]:
    """The worker's whole environment: nothing of the server's (no secrets, no tokens, no paths)."""
    return {
        "PATH": f"{plan.runtime.bin_dir}:{_SYSTEM_PATH}",
        "HOME": home,
        "TMPDIR": tmpdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        **plan.runtime.env,
    }


SHM_BYTES = 16 * 1024 * 1024  # POSIX shared memory and semaphores need little; a cap keeps it out of host RAM


def _bwrap_argv(plan: Plan) -> list[str]:
    assert plan.bwrap is not None
    size = str(plan.limits.workspace_bytes)
    argv = [
        plan.bwrap,
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--uid",
        str(SANDBOX_ID),
        "--gid",
        str(SANDBOX_ID),
        "--hostname",
        "sandbox",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    if bwrap_supports(plan.bwrap, "--disable-userns"):
        argv.append("--disable-userns")
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            argv += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            argv += ["--ro-bind", str(host), str(host)]
    prefix = plan.runtime.prefix
    if not Path(prefix).is_relative_to("/usr"):
        argv += ["--ro-bind", prefix, prefix]
    for name in ("passwd", "group", "hosts"):
        argv += ["--ro-bind", str(plan.dirs.etc / name), f"/etc/{name}"]
    for path in ("/etc/ld.so.cache", "/etc/localtime"):
        if Path(path).exists():
            argv += ["--ro-bind", path, path]
    # Every writable place is a size-capped tmpfs private to the worker, freed with it: /tmp, the workspace and
    # /dev/shm. /dev itself (bubblewrap's --dev is an uncapped tmpfs) is made read-only once its nodes exist.
    shm = str(min(plan.limits.workspace_bytes, SHM_BYTES))
    argv += ["--dev", "/dev", "--size", shm, "--tmpfs", "/dev/shm", "--remount-ro", "/dev", "--proc", "/proc"]
    argv += ["--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", WORKSPACE_IN_BWRAP]
    for path in plan.masked:  # secrets that happen to live under a bound directory
        argv += ["--tmpfs", path] if Path(path).is_dir() else ["--ro-bind", "/dev/null", path]
    argv += ["--remount-ro", "/", "--chdir", WORKSPACE_IN_BWRAP, "--"]
    return argv


def kernel_config(plan: Plan, requests_fd: int, replies_fd: int) -> dict[str, Any]:
    return {
        "requests_fd": requests_fd,
        "replies_fd": replies_fd,
        "level": plan.level,
        # kill(-1) reaches only the worker's own processes when it owns its uid or its PID namespace.
        "kill_all": plan.level == "bwrap" or plan.drop_uid,
        "limits": plan.limits.as_kernel_limits(),
        "seccomp": plan.seccomp,
        "deny_sockets": plan.deny_sockets,
        # bubblewrap's --die-with-parent covers its level; elsewhere the kernel arms its own signal.
        "parent_pid": None if plan.level == "bwrap" else os.getpid(),
    }


def launch_spec(plan: Plan, config: dict[str, Any], host_workspace: Path | None) -> LaunchSpec:
    """The command, environment and directories for one worker of `plan`."""
    # -S: no `site`, so no .pth file anywhere runs in a sandbox (at the process level the interpreter's own
    # site-packages is writable by sandboxed code; a .pth planted there would run in every later episode).
    interpreter = [plan.runtime.executable, "-I", "-S", "-c", kernel_source(), json.dumps(config)]
    if plan.level == "bwrap":
        env = _env(plan, WORKSPACE_IN_BWRAP, "/tmp")
        return LaunchSpec(_bwrap_argv(plan) + interpreter, env, "/", WORKSPACE_IN_BWRAP)
    assert host_workspace is not None
    work, tmp = str(host_workspace / "work"), str(host_workspace / "tmp")
    return LaunchSpec(interpreter, _env(plan, work, tmp), work, work)
