"""Publishing a release to a server over ssh.

Each release is unpacked into its own directory, `<releases dir>/<release>`, and `<releases dir>/current`
is then switched to it in one rename, so the web server never sees a half-unpacked tree. A failed
upload leaves a directory `current` does not point to.
"""

import posixpath
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from relkit import proc
from relkit.proc import ToolError

# [user@]host as ssh takes it; IPv6 literals need an alias in ~/.ssh/config.
_HOST = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?[A-Za-z0-9][A-Za-z0-9.-]*")
_RELEASE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Target:
    host: str
    releases_dir: str
    port: int = 22


def parse_target(text: str, port: int = 22) -> Target:
    """`[user@]host:/srv/app/releases` -> Target."""
    host, sep, path = text.partition(":")
    if not sep or not _HOST.fullmatch(host):
        raise ToolError(f"target must look like [user@]host:/path/to/releases, got {text!r}")
    path = posixpath.normpath(path)
    if not path.startswith("/") or path == "/":
        raise ToolError(f"the releases directory must be an absolute path below /, got {path!r}")
    if not 1 <= port <= 65535:
        raise ToolError(f"port out of range: {port}")
    return Target(host, path, port)


def release_commands(target: Target, release: str) -> list[list[str]]:
    """The steps run on the server, in order, each an argv."""
    if not _RELEASE.fullmatch(release):
        raise ToolError(f"a release name is letters, digits, '.', '_' and '-', got {release!r}")
    release_dir = posixpath.join(target.releases_dir, release)
    current = posixpath.join(target.releases_dir, "current")
    staged = posixpath.join(target.releases_dir, f".current.{release}")
    return [
        ["mkdir", "-p", "--", target.releases_dir],
        ["mkdir", "--", release_dir],
        ["tar", "-xzf", "-", "-C", release_dir],
        ["ln", "-sfn", "--", release_dir, staged],
        ["mv", "-fT", "--", staged, current],
    ]


def ssh_argv(target: Target, commands: list[list[str]], options: Sequence[str] = ()) -> list[str]:
    """The ssh command running `commands` on the target, stopping at the first that fails.

    ssh sends its command to the remote user's shell as one string, so each step is quoted for it here."""
    script = " && ".join(shlex.join(step) for step in commands)
    argv = ["ssh", "-p", str(target.port), "-o", "BatchMode=yes"]
    for option in options:
        argv += ["-o", option]
    return [*argv, target.host, script]


def publish(target: Target, release: str, tarball: Path, options: Sequence[str] = ()) -> None:
    """Unpack `tarball` on the target as `release` and make it current."""
    argv = ssh_argv(target, release_commands(target, release), options)
    with open(tarball, "rb") as stream:
        proc.run(argv, stdin=stream)
