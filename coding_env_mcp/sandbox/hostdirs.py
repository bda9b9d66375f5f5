"""The server's own directories for the sandbox, and keeping secrets out of other users' reach.

Running as root, the server keeps one state directory (default `/var/lib/coding-env-mcp`, whose parent
only root can write, so no sandboxed uid can plant it first):

    runtime/         the interpreter copy sandboxes may run (world-readable)
    uids/            one lock file per sandbox uid in use, so two servers never share a uid
    etc/             passwd, group and hosts shown inside bubblewrap
    ws/<instance>/   this server's host workspaces (0711: enter, not list); each worker's 0700, its uid's

Not running as root, a private temporary directory holds the same tree for this process alone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..settings import SANDBOX_DIR_ENV
from .levels import IsolationError

DEFAULT_STATE_DIR = Path("/var/lib/coding-env-mcp")

SANDBOX_USER = "sandbox"
SANDBOX_ID = 1000  # the uid and gid code sees inside bubblewrap


def _secure_dir(path: Path, mode: int) -> Path:
    """`path` as a real directory owned by this user with exactly `mode`; refuse anything else."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=mode)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise IsolationError(f"{path} must be a directory, not a symlink or file")
    if info.st_uid != os.geteuid():
        raise IsolationError(f"{path} is owned by uid {info.st_uid}, not by this server (uid {os.geteuid()})")
    if stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode)
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class HostDirs:
    root: Path
    runtime_cache: Path
    locks: Path
    etc: Path
    workspaces: Path
    private: bool

    @classmethod
    def prepare(cls, state_dir: Path | None = None) -> HostDirs:
        """Create (or adopt) the state directory and this server's workspace folder."""
        private = os.geteuid() != 0 and state_dir is None
        if private:
            root = Path(tempfile.mkdtemp(prefix="coding-env-mcp-"))
        else:
            root = (state_dir or Path(os.environ.get(SANDBOX_DIR_ENV) or DEFAULT_STATE_DIR)).absolute()
            root.parent.mkdir(parents=True, exist_ok=True)
            _secure_dir(root, 0o711)
            for ancestor in root.parents:  # sandbox uids must reach the runtime copy and their workspaces
                if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                    raise IsolationError(
                        f"sandbox state dir {root} is out of the sandbox's reach: {ancestor} does not let other "
                        f"users enter it; choose another with {SANDBOX_DIR_ENV}"
                    )
        runtime_cache = _secure_dir(root / "runtime", 0o755)
        locks = _secure_dir(root / "uids", 0o700)
        etc = _secure_dir(root / "etc", 0o755)
        all_workspaces = _secure_dir(root / "ws", 0o711)
        _remove_stale_instances(all_workspaces)
        workspaces = _secure_dir(all_workspaces / f"{os.getpid()}-{secrets.token_hex(6)}", 0o711)
        _write_etc(etc)
        return cls(root, runtime_cache, locks, etc, workspaces, private)

    def new_workspace(self, owner: int | None) -> Path:
        """A fresh host workspace (`work/` for the code, `tmp/` for its temporary files), 0700 for `owner`."""
        path = self.workspaces / f"w-{secrets.token_hex(6)}"
        path.mkdir(mode=0o700)
        for sub in ("work", "tmp"):
            (path / sub).mkdir(mode=0o700)
        if owner is not None:
            for item in (path, path / "work", path / "tmp"):
                os.chown(item, owner, owner)
        return path

    def close(self) -> None:
        shutil.rmtree(self.root if self.private else self.workspaces, ignore_errors=True)


def _remove_stale_instances(all_workspaces: Path) -> None:
    """Workspaces left by servers that died (their pid is in the folder name)."""
    for entry in all_workspaces.iterdir():
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _write_etc(etc: Path) -> None:
    files = {
        "passwd": f"{SANDBOX_USER}:x:{SANDBOX_ID}:{SANDBOX_ID}:sandbox:/workspace:/usr/sbin/nologin\n",
        "group": f"{SANDBOX_USER}:x:{SANDBOX_ID}:\n",
        "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost\n",
    }
    for name, text in files.items():
        path = etc / name
        if not path.exists() or path.read_text() != text:
            temporary = etc / f".{name}.{secrets.token_hex(4)}"
            temporary.write_text(text)
            temporary.chmod(0o644)
            temporary.replace(path)


def protect_from_others(paths: list[Path]) -> list[str]:
    """Take every permission for "other users" off each existing path; a note for each change or refusal.

    Without namespaces the sandbox sees the host's files as an unrelated user would: removing the
    "other" bits from the task folder is what keeps its answer keys, witnesses and fixes out of reach.
    """
    notes = []
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            continue
        if not info.st_mode & 0o007:
            continue
        if info.st_uid != os.geteuid():
            notes.append(f"{path} is readable by other users and owned by uid {info.st_uid}: cannot protect it")
            continue
        old = stat.S_IMODE(info.st_mode)
        os.chmod(path, old & ~0o007)
        notes.append(f"{path}: mode {old:04o} -> {old & ~0o007:04o} so sandboxed code cannot read it")
    return notes


SHARED_DIRS = ("/tmp", "/var/tmp", "/dev/shm")


def owned_entries(uid: int, directories: tuple[str, ...] = SHARED_DIRS) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(directory, entry) for what `uid` keeps at the top level of the host's world-writable directories."""
    for directory in directories:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    yield directory, entry
            except OSError:
                continue


def remove_owned_entries(uid: int, directories: tuple[str, ...] = SHARED_DIRS) -> None:
    """Delete what `uid` left in the host's world-writable directories (top level only)."""
    for _, entry in owned_entries(uid, directories):
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
