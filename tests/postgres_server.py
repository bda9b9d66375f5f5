"""A real PostgreSQL server on 127.0.0.1 (a free port) in a scratch cluster, for the shared-record tests.

Debian's `postgresql` package (which CI installs) or any `initdb`/`pg_ctl` on PATH will do. PostgreSQL refuses
to run as root, so as root the cluster belongs to the `postgres` user the package creates. The cluster trusts
local TCP connections (a throwaway, bound to 127.0.0.1 only) and runs with `fsync=off`: the tests prove the
server's own durability by killing replicas, not PostgreSQL's by crashing the machine.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 30


def postgres_bin() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_cluster(settings: tuple[str, ...] = ()) -> Iterator[str]:
    """A running scratch cluster until the block ends; yields the URL of its `postgres` database.

    `settings` are extra server settings, e.g. `shared_preload_libraries=pg_stat_statements` for bench/."""
    bindir = postgres_bin()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="coding-env-mcp-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    try:
        subprocess.run(
            _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=on -c max_connections=200"
        options += "".join(f" -c {setting}" for setting in settings)
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """Create database `name` on the cluster (dropping any of that name) and return its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
