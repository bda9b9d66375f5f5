"""Server replicas on one PostgreSQL record behind a real HAProxy, for the scaling tests and bench/replicas.py.

Each replica is `coding-env-mcp serve --transport http` in its own process (its own memory and sandbox), as in
a deployment; HAProxy (Debian's `haproxy`, which CI installs) runs the shipped deploy/haproxy/haproxy.cfg,
balancing round-robin by default, so consecutive calls of one episode land on different replicas: correctness
must not depend on affinity. HAProxy names the replica that answered in an `X-Replica` response header, so a
test can prove where a call went.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

TOKEN = "cluster-test-token"
START_TIMEOUT_S = 60.0

HAPROXY_CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "haproxy" / "haproxy.cfg"


def haproxy_bin() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"{what} did not start on port {port}: {tail}") from None
            time.sleep(0.1)


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Running replicas and the balancer in front of them."""

    url: str  # the balancer
    db_url: str
    replicas: list[Replica]
    balancer: subprocess.Popen
    workdir: Path
    served_by: list[str] = field(default_factory=list)  # X-Replica of every response through `http_client`

    def http_client(self, timeout: float = 60.0) -> httpx2.AsyncClient:
        """An HTTP client with the bearer token that notes which replica answered each request."""

        async def note(response: httpx2.Response) -> None:
            if "x-replica" in response.headers:
                self.served_by.append(response.headers["x-replica"])

        return httpx2.AsyncClient(
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=httpx2.Timeout(timeout, read=max(timeout, 120.0)),
            event_hooks={"response": [note]},
        )

    def kill(self, name: str) -> None:
        """SIGKILL one replica: no drain, no goodbye, as a lost machine."""
        replica = next(r for r in self.replicas if r.name == name)
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait(10)


def start_replica(name: str, db_url: str, workdir: Path, extra_args: tuple[str, ...] = ()) -> Replica:
    port = free_port()
    log = workdir / f"{name}.log"
    command = [sys.executable, "-m", "coding_env_mcp", "serve", "--transport", "http", "--port", str(port)]
    command += ["--db", db_url, "--allowed-host", "127.0.0.1", "--allowed-host", "localhost", *extra_args]
    environment = {**os.environ, "CODING_ENV_MCP_TOKEN": TOKEN}
    with log.open("w") as out:
        process = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
    _wait_for_port(port, process, f"replica {name}", log)
    return Replica(name, port, process, log)


def start_balancer(replicas: list[Replica], workdir: Path, affinity: str = "off") -> tuple[str, subprocess.Popen]:
    """HAProxy with the shipped deploy/haproxy/haproxy.cfg in front of `replicas`; `affinity` "off" balances
    round-robin, "episode" hashes calls on their episode."""
    binary = haproxy_bin()
    if binary is None:
        raise FileNotFoundError("no haproxy: apt-get install haproxy")
    port = free_port()
    environment = {
        **os.environ,
        "CODING_ENV_MCP_LB_BIND": f"127.0.0.1:{port}",
        "CODING_ENV_MCP_TOKEN": TOKEN,
        "CODING_ENV_MCP_LB_CHECK_INTERVAL": "300ms",
        "CODING_ENV_MCP_LB_AFFINITY": affinity,
        "CODING_ENV_MCP_LB_SHOW_REPLICA": "1",
    }
    environment |= {f"CODING_ENV_MCP_LB_REPLICA_{n}": f"127.0.0.1:{r.port}" for n, r in enumerate(replicas, start=1)}
    log = workdir / "haproxy.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [binary, "-db", "-f", str(HAPROXY_CONFIG)], env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    _wait_for_port(port, process, "haproxy", log)
    _wait_until_every_replica_is_up(f"http://127.0.0.1:{port}", len(replicas))
    return f"http://127.0.0.1:{port}", process


def _wait_until_every_replica_is_up(url: str, count: int) -> None:
    """Health checks mark servers up one interval after start: wait until round-robin reaches them all."""
    seen: set[str] = set()
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx2.Client(timeout=5, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        while len(seen) < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the balancer at {url} reached only {sorted(seen)}")
            response = http.get(f"{url}/health")
            if response.status_code == 200:
                seen.add(response.headers.get("x-replica", ""))
            time.sleep(0.05)


@contextmanager
def cluster(
    db_url: str, replicas: int = 2, extra_args: tuple[str, ...] = (), affinity: str = "off"
) -> Iterator[Cluster]:
    """`replicas` servers on the record at `db_url` behind HAProxy (round-robin unless `affinity` is
    "episode"), until the block ends."""
    workdir = Path(tempfile.mkdtemp(prefix="coding-env-mcp-cluster-"))
    started: list[Replica] = []
    balancer: subprocess.Popen | None = None
    try:
        for number in range(1, replicas + 1):
            started.append(start_replica(f"replica{number}", db_url, workdir, extra_args))
        url, balancer = start_balancer(started, workdir, affinity)
        yield Cluster(url, db_url, started, balancer, workdir)
    finally:
        for process in [r.process for r in started] + ([balancer] if balancer else []):
            if process.poll() is None:
                process.terminate()
        for process in [r.process for r in started] + ([balancer] if balancer else []):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
