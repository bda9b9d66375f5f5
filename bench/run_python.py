"""Benchmark: what isolation costs on `run_python`'s hot path, as ratios to floors measured in the same run.

    .venv/bin/python bench/run_python.py [--calls 400] [--fresh 20]

Measures, interleaving the contenders so drift hits them alike:
- `run_python("print(1)")` round trips through the MCP server, in memory and over stdio, beside a bare
  `echo` tool on the same server and transport (the floor: what any tool call costs), and beside an echo
  returning a constant `RunResult` (what a result with run_python's output schema costs, validation
  included, without running anything): run_python over that is what isolation and execution cost;
- a bare `python -I -c pass` spawn of this interpreter (not a pyenv shim), the cost a sandbox that starts
  a process per call could not avoid;
- a fresh episode's first `run_python` (reset_episode, then time the first call), which a warm pool
  should answer without starting an interpreter.

Targets (issue 3): over stdio, p50 <= 1.5x and p99 <= 3x the echo floor; a fresh episode's first call
<= 1x a bare spawn. The machine is shared and noisy: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mcp import Client, StdioServerParameters

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coding_env_mcp.models import RunResult  # noqa: E402  (after the path is set)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def build(isolation: str):  # type: ignore[no-untyped-def]
    """The real server over the real env, plus a bare echo tool (the floor)."""
    from coding_env_mcp.core.env import ReviewEnv
    from coding_env_mcp.core.tasks import TaskRegistry
    from coding_env_mcp.sandbox import SandboxConfig, WorkerSandbox
    from coding_env_mcp.server import build_server

    env = ReviewEnv(TaskRegistry.load(), WorkerSandbox(SandboxConfig(isolation=isolation)))
    server = build_server(env)

    @server.tool()
    def echo(text: str) -> str:
        """Return `text` (benchmark floor)."""
        return text

    @server.tool()
    def echo_result(text: str) -> RunResult:
        """Return a constant `RunResult` (the floor for a tool whose result has run_python's schema)."""
        return RunResult(stdout=text, stderr="", exit_code=0, duration_s=0.0002, isolation="none")

    return env, server


def serve_stdio(isolation: str) -> None:
    env, server = build(isolation)
    with env:
        server.run()


async def measure(client: Client, calls: int) -> dict[str, list[float]]:
    eid = (await client.call_tool("reset_episode", {"task_id": "task_easy_1"})).structured_content["episode_id"]
    timings: dict[str, list[float]] = {"echo": [], "echo_result": [], "run_python": []}
    requests = {
        "echo": ("echo", {"text": "1"}),
        "echo_result": ("echo_result", {"text": "1\n"}),
        "run_python": ("run_python", {"episode_id": eid, "code": "print(1)"}),
    }
    for round_number in range(calls + 50):
        for name, (tool, arguments) in requests.items():
            started = time.perf_counter()
            result = await client.call_tool(tool, arguments)
            elapsed = time.perf_counter() - started
            assert not result.is_error, result.content
            if round_number >= 50:  # warm-up rounds are not counted
                timings[name].append(elapsed)
    return timings


async def fresh_first_calls(client: Client, count: int) -> tuple[list[float], list[float]]:
    """A fresh episode's first call, and (the fair baseline) a warm episode's call after the same pause:
    on these machines any call right after an idle pause is slower, whatever it does."""
    fresh, warm = [], []
    for _ in range(count):
        reset = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
        eid = reset.structured_content["episode_id"]
        for samples in (fresh, warm):
            await asyncio.sleep(0.3)  # the pool replaces the spare the previous episode took
            started = time.perf_counter()
            result = await client.call_tool("run_python", {"episode_id": eid, "code": "print(1)"})
            samples.append(time.perf_counter() - started)
            assert result.structured_content["stdout"] == "1\n"
    return fresh, warm


def bare_spawns(count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", "pass"], check=True)
        samples.append(time.perf_counter() - started)
    return samples


def ms(value: float) -> str:
    return f"{value * 1000:8.3f} ms"


async def main(args: argparse.Namespace) -> None:
    env, server = build(args.isolation)
    print(f"isolation: {env.sandbox.isolation}; python: {sys.executable}; {args.calls} timed calls each\n")
    spawn = bare_spawns(max(50, args.fresh))
    rows = []
    with env:
        async with Client(server, mode="auto") as client:
            memory = await measure(client, args.calls)
            memory_fresh = await fresh_first_calls(client, args.fresh)
    stdio_server = StdioServerParameters(
        command=sys.executable, args=[__file__, "--serve-stdio", "--isolation", args.isolation], cwd=str(REPO)
    )
    async with Client(stdio_server) as client:
        stdio = await measure(client, args.calls)
        stdio_fresh = await fresh_first_calls(client, args.fresh)
    spawn += bare_spawns(max(50, args.fresh))

    spawn_p50 = statistics.median(spawn)
    print(f"{'':42} {'p50':>11} {'p99':>11}   ratios")
    print(f"{'bare `python -I -c pass` spawn':42} {ms(spawn_p50)} {ms(percentile(spawn, 0.99))}")
    for transport, timings, fresh in (("in memory", memory, memory_fresh), ("stdio", stdio, stdio_fresh)):
        echo_p50, echo_p99 = statistics.median(timings["echo"]), percentile(timings["echo"], 0.99)
        run_p50, run_p99 = statistics.median(timings["run_python"]), percentile(timings["run_python"], 0.99)
        result_p50 = statistics.median(timings["echo_result"])
        print(f"{'echo tool, ' + transport:42} {ms(echo_p50)} {ms(echo_p99)}")
        print(
            f"{'echo returning a RunResult, ' + transport:42} {ms(result_p50)} "
            f"{ms(percentile(timings['echo_result'], 0.99))}   p50 {result_p50 / echo_p50:.2f}x echo"
        )
        print(
            f"{'run_python print(1), ' + transport:42} {ms(run_p50)} {ms(run_p99)}   "
            f"p50 {run_p50 / echo_p50:.2f}x echo, p99 {run_p99 / echo_p99:.2f}x echo p99 "
            f"({run_p99 / echo_p50:.2f}x echo p50), p50 {run_p50 / result_p50:.2f}x RunResult echo, "
            f"p50 {run_p50 / spawn_p50:.2f}x spawn"
        )
        fresh, warm = fresh
        fresh_p50, warm_p50 = statistics.median(fresh), statistics.median(warm)
        print(
            f"{'fresh episode first call, ' + transport:42} {ms(fresh_p50)} {ms(percentile(fresh, 0.99))}   "
            f"p50 {fresh_p50 / spawn_p50:.2f}x spawn"
        )
        print(
            f"{'warm call after the same pause, ' + transport:42} {ms(warm_p50)} {ms(percentile(warm, 0.99))}   "
            f"(the fresh call's baseline)"
        )
        rows.append((transport, run_p50 / echo_p50, run_p99 / echo_p99, fresh_p50 / spawn_p50))
    transport, p50_ratio, p99_ratio, fresh_ratio = rows[-1]
    print(
        f"\ntargets over stdio: p50 <= 1.5x echo ({p50_ratio:.2f}x: {'met' if p50_ratio <= 1.5 else 'MISSED'}), "
        f"p99 <= 3x echo p99 ({p99_ratio:.2f}x: {'met' if p99_ratio <= 3 else 'MISSED'}), "
        f"fresh first call <= 1x spawn ({fresh_ratio:.2f}x: {'met' if fresh_ratio <= 1 else 'MISSED'})"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=400, help="timed calls per contender and transport")
    parser.add_argument("--fresh", type=int, default=20, help="fresh episodes timed on their first call")
    parser.add_argument("--isolation", default="auto", help="sandbox isolation level (default: auto)")
    parser.add_argument("--serve-stdio", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_stdio:
        serve_stdio(args.isolation)
    else:
        asyncio.run(main(args))


if __name__ == "__main__":
    cli()
