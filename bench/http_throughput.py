"""Tool-call throughput over streamable HTTP: a cheap env tool vs a bare echo tool, same server, same run.

    python bench/http_throughput.py                      # 1, 8 and 32 clients, get_state vs echo
    python bench/http_throughput.py --clients 32 --seconds 8 --tool get_observation --mode legacy

The server runs in its own process (`serve_http`, exactly as `coding-env-mcp serve --transport http`), with
one extra tool, `echo`, registered on the same MCPServer, so both tools pass through the same middleware,
transport and SDK dispatch. The env tool is called on one existing episode: `get_state` (default; it reads
the episode under its lock and returns a small model) or `get_observation` (returns the whole PR text).

Each concurrency level alternates echo and the env tool for `--rounds` rounds of `--seconds` each, with every
client connected before the clock starts. Client and server share the machine's cores, so absolute numbers
are noisy and machine-dependent: compare the ratio measured in one run. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import anyio
import httpx2
from mcp import Client

ROOT = Path(__file__).resolve().parent.parent


def serve(port: int) -> None:
    """The server process: the real app plus an echo tool, served by `serve_http`."""
    from coding_env_mcp.cli.compose import add_settings, build_env
    from coding_env_mcp.http.app import serve_http
    from coding_env_mcp.http.settings import HttpSettings
    from coding_env_mcp.server import build_server

    parser = argparse.ArgumentParser()
    add_settings(parser)
    env = build_env(parser.parse_args([]))
    server = build_server(env)

    @server.tool()
    def echo(text: str) -> str:
        """Return `text` unchanged (the floor this benchmark compares against)."""
        return text

    with env:
        serve_http(env, HttpSettings(host="127.0.0.1", port=port), server=server)


@dataclass
class Sample:
    tool: str
    clients: int
    round: int
    calls: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.calls / self.seconds


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(clients: list[Client], tool: str, arguments: dict, seconds: float, round_number: int) -> Sample:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: Client) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                result = await client.call_tool(tool, arguments)
                failed = result.is_error
            except Exception:
                failed = True
            if failed:
                errors += 1
            else:
                latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    async with anyio.create_task_group() as group:
        for client in clients:
            group.start_soon(worker, client)
    elapsed = time.perf_counter() - began
    return Sample(
        tool=tool,
        clients=len(clients),
        round=round_number,
        calls=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
    )


async def run(args: argparse.Namespace, url: str) -> list[Sample]:
    samples: list[Sample] = []
    async with Client(url, mode=args.mode) as setup:
        reset = await setup.call_tool("reset_episode", {"task_id": "task_easy_1"})
        episode_id = reset.structured_content["episode_id"]
    calls = {"echo": {"text": "ping"}, args.tool: {"episode_id": episode_id}}
    for count in args.clients:
        opened: list[Client] = []
        try:
            for _ in range(count):
                client = Client(url, mode=args.mode)
                await client.__aenter__()
                opened.append(client)
            for tool in ("echo", args.tool):  # warm both paths up
                await measure(opened, tool, calls[tool], 0.5, 0)
            for round_number in range(1, args.rounds + 1):
                order = ("echo", args.tool) if round_number % 2 else (args.tool, "echo")
                for tool in order:
                    sample = await measure(opened, tool, calls[tool], args.seconds, round_number)
                    samples.append(sample)
                    print(
                        f"  {count:>3} clients  {tool:<16} round {round_number}: {sample.rate:7.1f} calls/s  "
                        f"p50 {sample.p50_ms:6.2f} ms  p99 {sample.p99_ms:7.2f} ms  errors {sample.errors}",
                        file=sys.stderr,
                    )
        finally:
            for client in reversed(opened):
                await client.__aexit__(None, None, None)
    return samples


def summarise(samples: list[Sample], tool: str) -> str:
    lines = [
        f"| clients | echo calls/s | {tool} calls/s | ratio | echo p50 / p99 ms | {tool} p50 / p99 ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count in sorted({s.clients for s in samples}):
        echo = [s for s in samples if s.clients == count and s.tool == "echo"]
        env = [s for s in samples if s.clients == count and s.tool == tool]
        echo_rate = sum(s.calls for s in echo) / sum(s.seconds for s in echo)
        env_rate = sum(s.calls for s in env) / sum(s.seconds for s in env)
        lines.append(
            f"| {count} | {echo_rate:.0f} | {env_rate:.0f} | {env_rate / echo_rate:.2f} | "
            f"{statistics.median(s.p50_ms for s in echo):.2f} / {max(s.p99_ms for s in echo):.2f} | "
            f"{statistics.median(s.p50_ms for s in env):.2f} / {max(s.p99_ms for s in env):.2f} | "
            f"{sum(s.errors for s in echo + env)} |"
        )
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of echo and the env tool per level")
    parser.add_argument("--tool", choices=["get_state", "get_observation"], default="get_state")
    parser.add_argument("--mode", default="auto", help="client mode: auto (2026-07-28) or legacy (2025-11-25)")
    parser.add_argument("--json", type=Path, help="also write the samples here")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0

    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CODING_ENV_MCP_")}
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the benchmark server did not start")
            try:
                if httpx2.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                time.sleep(0.1)
        print(f"streamable HTTP, mode={args.mode}, env tool {args.tool}, {os.cpu_count()} CPUs", file=sys.stderr)
        samples = anyio.run(run, args, f"{url}/mcp")
    finally:
        server.terminate()
        server.wait(30)
    print(summarise(samples, args.tool))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) | {"rate": s.rate} for s in samples], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
