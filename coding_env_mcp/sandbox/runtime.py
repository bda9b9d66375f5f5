"""The Python the sandbox runs: the server's base interpreter (never its virtualenv), reachable by the sandbox.

When the sandbox runs under its own uid, that uid must be able to execute the interpreter and read the
standard library. A pyenv build under `/root` (mode 0700) is not reachable, so the server exposes a copy
of the interpreter and its standard library (hard links where the filesystem allows, so it costs almost
nothing) in a root-owned, world-readable cache, built once per interpreter build. The copy leaves out
`site-packages`: sandboxed code gets the standard library and the PR's files, nothing of the server's.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import stat
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from .levels import IsolationError

# Top-level parts of the standard library an agent never needs and that are large.
_LEFT_OUT = frozenset({"site-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip"})
_COMPLETE = ".complete"


@dataclass(frozen=True)
class Runtime:
    """An interpreter: the binary, the prefix to bind read-only, environment it needs, and where it came from."""

    executable: str
    prefix: str
    env: dict[str, str] = field(default_factory=dict)
    origin: str = ""

    @property
    def bin_dir(self) -> str:
        return str(Path(self.executable).parent)


def base_interpreter() -> tuple[Path, Path]:
    """The server's base interpreter binary and prefix (a virtualenv resolves to the Python it was made from)."""
    executable = Path(getattr(sys, "_base_executable", None) or sys.executable).resolve()
    return executable, Path(sys.base_prefix).resolve()


def _stdlib_dir(prefix: Path) -> Path:
    return prefix / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"


def others_can_use(executable: Path, prefix: Path) -> bool:
    """Whether a user with no special rights can run `executable` and read `prefix`'s standard library."""
    stdlib = _stdlib_dir(prefix)
    for path in (executable, stdlib / "os.py"):
        for directory in path.parents:
            if not os.stat(directory).st_mode & stat.S_IXOTH:
                return False
    if not os.stat(executable).st_mode & stat.S_IXOTH:
        return False
    return bool(os.stat(stdlib / "os.py").st_mode & stat.S_IROTH)


def _link_or_copy(source: Path, target: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _copy_tree(source: Path, target: Path, left_out: frozenset[str] = frozenset()) -> None:
    target.mkdir(mode=0o755)
    for entry in os.scandir(source):
        if entry.name in left_out:
            continue
        origin, destination = Path(entry.path), target / entry.name
        if entry.is_dir(follow_symlinks=False):
            _copy_tree(origin, destination)
        elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
            _link_or_copy(origin, destination)


def expose_copy(executable: Path, prefix: Path, cache: Path) -> Runtime:
    """A world-readable copy of the interpreter and its standard library under `cache`, built once."""
    info = executable.stat()
    key = hashlib.sha256(f"{executable}:{info.st_size}:{info.st_mtime_ns}:{sys.version}".encode()).hexdigest()[:16]
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    destination = cache / f"python{version}-{key}"
    shared_library = sysconfig.get_config_var("Py_ENABLE_SHARED") == 1
    runtime = Runtime(
        executable=str(destination / "bin" / executable.name),
        prefix=str(destination),
        env={"LD_LIBRARY_PATH": str(destination / "lib")} if shared_library else {},
        origin=f"copy of {prefix}'s interpreter and standard library (no site-packages)",
    )
    if (destination / _COMPLETE).exists():
        return runtime
    cache.mkdir(mode=0o755, parents=True, exist_ok=True)
    building = cache / f".build-{key}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        building.mkdir(mode=0o755)
        (building / "bin").mkdir(mode=0o755)
        _link_or_copy(executable, building / "bin" / executable.name)
        for alias in ("python3", "python"):
            if alias != executable.name:
                os.symlink(executable.name, building / "bin" / alias)
        (building / "lib").mkdir(mode=0o755)
        stdlib = _stdlib_dir(prefix)
        _copy_tree(stdlib, building / "lib" / stdlib.name, _LEFT_OUT)
        (building / "lib" / stdlib.name / "site-packages").mkdir(mode=0o755)
        if shared_library:
            for library in (prefix / "lib").glob("libpython*.so*"):
                _link_or_copy(library, building / "lib" / library.name)
        (building / _COMPLETE).write_text(runtime.origin + "\n")
        try:
            building.rename(destination)
        except OSError:  # another server finished the same copy first
            if not (destination / _COMPLETE).exists():
                raise
    except OSError as exc:
        raise IsolationError(f"could not expose the interpreter to the sandbox under {cache}: {exc}") from exc
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return runtime


def resolve_runtime(override: str | None, for_other_users: bool, cache: Path) -> Runtime:
    """The runtime to use: `override` if given, else the base interpreter, exposed by copy if it must be."""
    if override:
        path = Path(override)
        if not path.is_file() or not os.access(path, os.X_OK):
            raise IsolationError(f"sandbox python {override!r} is not an executable file")
        resolved = path.resolve()
        return Runtime(str(resolved), str(resolved.parent.parent), {}, f"operator-chosen {override}")
    executable, prefix = base_interpreter()
    if not for_other_users or others_can_use(executable, prefix):
        return Runtime(str(executable), str(prefix), {}, f"the server's base interpreter ({prefix})")
    return expose_copy(executable, prefix, cache)
