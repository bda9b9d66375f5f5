"""deploy/haproxy/haproxy.cfg, checked by HAProxy itself and then run: `haproxy -c` accepts it under every
way of naming the replicas, and a real HAProxy started from it routes as docs/scaling.md says.

The routing tests put stub replicas behind it (plain HTTP servers that record what reaches them and answer
`/health` only with the bearer token), so what is tested is the balancer's decisions: an episode's calls on
every surface reach one replica, calls without an episode are spread round-robin, a 2025-11-25 session and
an SSE stream stay on the replica that holds them, a refused connection is retried elsewhere, and a request
that reached a replica is never replayed. Real replicas on a shared record behind it are tested with the
record backend.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest

from .support import DEPLOY, require_tool

CONFIG = DEPLOY / "haproxy" / "haproxy.cfg"
INSTALL = "apt-get install -y haproxy"
TOKEN = "lb-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPLICAS = 3
START_TIMEOUT_S = 15.0


def haproxy_env(**variables: str) -> dict[str, str]:
    """The environment HAProxy reads the config with: this process's, minus any deployment variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CODING_ENV_MCP_")}
    return env | variables


def check_config(**variables: str) -> subprocess.CompletedProcess[str]:
    haproxy = require_tool("haproxy", INSTALL)
    return subprocess.run(
        [haproxy, "-c", "-f", str(CONFIG)], env=haproxy_env(**variables), capture_output=True, text=True, timeout=30
    )


# -- haproxy -c ----------------------------------------------------------------------------------------------

VALID = {
    "two static replicas": {
        "CODING_ENV_MCP_LB_REPLICA_1": "127.0.0.1:9001",
        "CODING_ENV_MCP_LB_REPLICA_2": "10.0.0.2:8000",
    },
    "eight static replicas": {f"CODING_ENV_MCP_LB_REPLICA_{n}": f"10.0.0.{n}:8000" for n in range(1, 9)},
    "a DNS name (compose, k8s)": {"CODING_ENV_MCP_LB_REPLICAS_DNS": "replica:8000", "CODING_ENV_MCP_LB_DNS_SLOTS": "4"},
    "token, bind, round-robin": {
        "CODING_ENV_MCP_LB_REPLICA_1": "127.0.0.1:9001",
        "CODING_ENV_MCP_TOKEN": TOKEN,
        "CODING_ENV_MCP_LB_BIND": "127.0.0.1:18080",
        "CODING_ENV_MCP_LB_AFFINITY": "off",
        "CODING_ENV_MCP_LB_CHECK_INTERVAL": "500ms",
    },
}


@pytest.mark.parametrize("variables", list(VALID.values()), ids=list(VALID))
def test_haproxy_accepts_the_config(variables: dict[str, str]) -> None:
    result = check_config(**variables)
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout
    assert "WARNING" not in result.stderr, result.stderr


def test_haproxy_refuses_the_config_without_replicas() -> None:
    result = check_config()
    assert result.returncode != 0
    assert "no replicas: set CODING_ENV_MCP_LB_REPLICA_1" in result.stderr


def test_haproxy_refuses_an_unknown_affinity() -> None:
    result = check_config(CODING_ENV_MCP_LB_REPLICA_1="127.0.0.1:9001", CODING_ENV_MCP_LB_AFFINITY="sticky")
    assert result.returncode != 0
    assert "CODING_ENV_MCP_LB_AFFINITY must be episode or off" in result.stderr


# -- stub replicas ------------------------------------------------------------------------------------------


@dataclass
class Stub:
    """A replica stand-in: answers every request with its name, records what reached it."""

    name: str
    server: ThreadingHTTPServer
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    health_checks: int = 0
    refused_checks: int = 0
    drop_next_post: bool = False
    sessions: int = 0
    connections: list[socket.socket] = field(default_factory=list)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        """Gone as a killed process is: no listener, every open connection closed."""
        self.server.shutdown()
        self.server.server_close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """HAProxy resets a health check's connection once it has the answer: not an error here."""


def start_stub(name: str) -> Stub:
    stub: Stub

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def setup(self) -> None:
            super().setup()
            stub.connections.append(self.connection)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/health":
                if self.headers.get("Authorization") != AUTH["Authorization"]:
                    stub.refused_checks += 1
                    self._answer(401, {"error": "unauthorized"})
                    return
                stub.health_checks += 1
                self._answer(200, {"status": "ok"})
                return
            stub.requests.append(("GET", self.path, b""))
            self._answer(200, {"replica": stub.name})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            stub.requests.append(("POST", self.path, body))
            if stub.drop_next_post:  # as a replica killed mid-call: the request arrived, no answer leaves
                stub.drop_next_post = False
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            headers = {}
            if self.path == "/mcp" and json.loads(body).get("method") == "initialize":
                stub.sessions += 1
                headers["Mcp-Session-Id"] = f"{stub.name}-session-{stub.sessions:024d}"
            self._answer(200, {"replica": stub.name}, headers)

    server = QuietServer(("127.0.0.1", 0), Handler)
    stub = Stub(name, server)
    threading.Thread(target=server.serve_forever, daemon=True, name=f"stub-{name}").start()
    return stub


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Balancer:
    url: str
    stubs: list[Stub]
    process: subprocess.Popen[bytes]

    def replica_of(self, response: httpx2.Response) -> str:
        assert response.status_code == 200, response.text
        return response.json()["replica"]


@contextmanager
def balancer(affinity: str = "episode", replicas: int = REPLICAS) -> Iterator[Balancer]:
    """A real HAProxy from deploy/haproxy/haproxy.cfg in front of `replicas` stubs, once every stub is up."""
    haproxy = require_tool("haproxy", INSTALL)
    stubs = [start_stub(f"r{n}") for n in range(1, replicas + 1)]
    port = free_port()
    variables = {f"CODING_ENV_MCP_LB_REPLICA_{n}": stub.address for n, stub in enumerate(stubs, 1)}
    variables |= {
        "CODING_ENV_MCP_LB_BIND": f"127.0.0.1:{port}",
        "CODING_ENV_MCP_TOKEN": TOKEN,
        "CODING_ENV_MCP_LB_CHECK_INTERVAL": "200ms",
        "CODING_ENV_MCP_LB_AFFINITY": affinity,
    }
    process = subprocess.Popen(
        [haproxy, "-db", "-f", str(CONFIG)],
        env=haproxy_env(**variables),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not all(stub.health_checks >= 2 for stub in stubs):  # "rise 2": up after two good checks
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy did not bring its replicas up: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.05)
        yield Balancer(f"http://127.0.0.1:{port}", stubs, process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stub in stubs:
            stub.stop()


@pytest.fixture(scope="module")
def lb() -> Iterator[Balancer]:
    with balancer() as running:
        yield running


@pytest.fixture
def http(lb: Balancer) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=lb.url, headers=AUTH, timeout=10) as client:
        yield client


def tools_call(name: str, arguments: dict, request_id: int = 1) -> dict:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments},
    }


def episode_id(n: int) -> str:
    """An id shaped like the server's (22 URL-safe base64 characters)."""
    return f"ep{n:04d}-{'x' * 11}_{n % 7}"[:22]


# -- routing ------------------------------------------------------------------------------------------------


def test_an_episodes_calls_reach_one_replica_on_every_surface(lb: Balancer, http: httpx2.Client) -> None:
    episode = episode_id(1)
    replicas = {
        lb.replica_of(http.post("/mcp", json=tools_call("submit_review", {"episode_id": episode, "line_number": 3}))),
        lb.replica_of(http.post("/mcp", json=tools_call("run_python", {"code": "print(1)", "episode_id": episode}))),
        lb.replica_of(http.post("/step", json={"episode_id": episode, "action": {"code": "x = 1"}})),
        lb.replica_of(http.get("/grader", params={"episode_id": episode})),
        lb.replica_of(http.get("/state", params={"episode_id": episode})),
    }
    for _ in range(10):
        replicas.add(lb.replica_of(http.post("/mcp", json=tools_call("get_state", {"episode_id": episode}))))
    assert len(replicas) == 1, replicas


def test_a_body_longer_than_the_buffer_still_routes_by_its_episode(lb: Balancer, http: httpx2.Client) -> None:
    episode = episode_id(2)
    home = lb.replica_of(http.post("/mcp", json=tools_call("get_state", {"episode_id": episode})))
    code = "x = 1\n" * 20_000  # 120 kB: run_python's largest code is 100 000 characters
    for arguments in ({"episode_id": episode, "code": code}, {"episode_id": episode, "code": code, "timeout_s": 5}):
        response = http.post("/mcp", json=tools_call("run_python", arguments))
        assert lb.replica_of(response) == home
    delivered = [body for _, _, body in next(s for s in lb.stubs if s.name == home).requests if len(body) > 100_000]
    assert len(delivered) == 2 and all(json.loads(body)["params"]["arguments"]["code"] == code for body in delivered)


def test_episodes_spread_over_every_replica(lb: Balancer, http: httpx2.Client) -> None:
    homes = Counter(
        lb.replica_of(http.post("/step", json={"episode_id": episode_id(n), "action": {}})) for n in range(100, 190)
    )
    assert set(homes) == {stub.name for stub in lb.stubs}, homes


def test_calls_without_an_episode_go_round_robin(lb: Balancer, http: httpx2.Client) -> None:
    reset = tools_call("reset_episode", {"task_id": "task_easy_1"})
    served = Counter(lb.replica_of(http.post("/mcp", json=reset)) for _ in range(30))
    served.update(lb.replica_of(http.get("/tasks")) for _ in range(30))
    assert set(served) == {stub.name for stub in lb.stubs}
    assert min(served.values()) >= 10, served


def test_a_2025_session_stays_on_the_replica_that_opened_it(lb: Balancer, http: httpx2.Client) -> None:
    for attempt in range(6):  # sessions opened round-robin, so on different replicas
        initialize = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25"}}
        opened = http.post("/mcp", json=initialize)
        home = lb.replica_of(opened)
        session = {"Mcp-Session-Id": opened.headers["Mcp-Session-Id"]}
        assert opened.headers["Mcp-Session-Id"].startswith(home)
        for n in range(8):  # episodes that hash all over the place still follow the session
            call = tools_call("get_state", {"episode_id": episode_id(attempt * 10 + n)}, n)
            assert lb.replica_of(http.post("/mcp", json=call, headers=session)) == home
        assert lb.replica_of(http.get("/mcp", headers=session)) == home


def test_an_sse_stream_and_its_messages_reach_one_replica(lb: Balancer, http: httpx2.Client) -> None:
    home = lb.replica_of(http.get("/sse"))
    for n in range(10):
        call = tools_call("get_state", {"episode_id": episode_id(n)}, n)
        assert lb.replica_of(http.post("/messages/", params={"session_id": "ab" * 16}, json=call)) == home


def test_health_checks_carry_the_bearer_token(lb: Balancer) -> None:
    assert all(stub.health_checks >= 2 and stub.refused_checks == 0 for stub in lb.stubs)


def test_round_robin_when_affinity_is_off() -> None:
    with balancer(affinity="off") as off, httpx2.Client(base_url=off.url, headers=AUTH, timeout=10) as http:
        call = tools_call("get_state", {"episode_id": episode_id(7)})
        served = Counter(off.replica_of(http.post("/mcp", json=call)) for _ in range(30))
        assert set(served) == {stub.name for stub in off.stubs}, served


# -- failures -----------------------------------------------------------------------------------------------


def test_a_refused_connection_is_retried_on_another_replica() -> None:
    with balancer() as running, httpx2.Client(base_url=running.url, headers=AUTH, timeout=10) as http:
        calls = [{"episode_id": episode_id(n), "action": {}} for n in range(200, 230)]
        before = {call["episode_id"]: running.replica_of(http.post("/step", json=call)) for call in calls}
        lost = running.stubs[0]
        lost.stop()  # its port now refuses connections; HAProxy has not noticed yet
        after = {call["episode_id"]: running.replica_of(http.post("/step", json=call)) for call in calls}
        assert lost.name in before.values()
        assert lost.name not in after.values()
        moved = {episode for episode in before if before[episode] != after[episode]}
        assert moved == {episode for episode, home in before.items() if home == lost.name}  # and only those


def test_a_request_that_reached_a_replica_is_never_replayed() -> None:
    with balancer() as running, httpx2.Client(base_url=running.url, headers=AUTH, timeout=10) as http:
        call = {"episode_id": episode_id(300), "action": {"file_path": "a.py", "line_number": 1}}
        home = next(s for s in running.stubs if s.name == running.replica_of(http.post("/step", json=call)))
        seen = {stub.name: len(stub.requests) for stub in running.stubs}
        home.drop_next_post = True
        try:  # 502, or on a reused client connection the connection closed unanswered (HAProxy's choice)
            failed = http.post("/step", json=call).status_code == 502
        except httpx2.RemoteProtocolError:
            failed = True
        assert failed
        assert len(home.requests) == seen[home.name] + 1
        assert all(len(stub.requests) == seen[stub.name] for stub in running.stubs if stub is not home)
